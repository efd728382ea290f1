/**
 * Go's fmt verbs as Docker's legacy builder uses them in history comments (`CMD ["sh" "-c" "x"]`
 * is `%q` of a string slice, `VOLUME [/data]` is `%v`): the text users see in `docker history`.
 */
import { goQuote } from '../../util/go-quote.js';

/** `%q` of a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** `%v` of a []string: `[a b]`. */
export function goList(list: readonly string[]): string {
  return `[${list.join(' ')}]`;
}

/** Go's `%q` of an int: a quoted rune (`'\x02'`, `'a'`), as `HEALTHCHECK %q` prints Retries. */
export function goQuoteRune(n: number): string {
  if (n >= 0x20 && n < 0x7f) return n === 0x27 ? "'\\''" : n === 0x5c ? "'\\\\'" : `'${String.fromCharCode(n)}'`;
  if (n === 7) return "'\\a'";
  if (n === 8) return "'\\b'";
  if (n === 9) return "'\\t'";
  if (n === 10) return "'\\n'";
  if (n === 11) return "'\\v'";
  if (n === 12) return "'\\f'";
  if (n === 13) return "'\\r'";
  if (n < 0x80) return `'\\x${n.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCodePoint(n)}'`;
}
