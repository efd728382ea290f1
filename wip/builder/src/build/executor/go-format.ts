/**
 * Go's fmt verbs as Docker's legacy builder uses them in history comments (`CMD ["sh" "-c" "x"]`
 * is `%q` of a string slice, `VOLUME [/data]` is `%v`): the text users see in `docker history`.
 */

/** Go's strconv.Quote for the printable text a Dockerfile holds (escapes `"`, `\` and control characters). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `%q` of a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** `%v` of a []string: `[a b]`. */
export function goList(list: readonly string[]): string {
  return `[${list.join(' ')}]`;
}

/** A whole number and a fraction of `unit`, trailing zeros dropped (`1.5`, `2`). */
function fixed(n: bigint, unit: bigint): string {
  const whole = n / unit;
  const frac = (n % unit).toString().padStart(unit.toString().length - 1, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** Go's time.Duration.String of `ns` nanoseconds: `0s`, `500ms`, `1.5s`, `1m30s`, `2h0m0s`. */
export function goDuration(ns: number): string {
  let n = BigInt(Math.trunc(ns));
  const sign = n < 0n ? '-' : '';
  if (n < 0n) n = -n;
  if (n === 0n) return '0s';
  if (n < 1000n) return `${sign}${n}ns`;
  if (n < 1000000n) return `${sign}${fixed(n, 1000n)}µs`;
  if (n < 1000000000n) return `${sign}${fixed(n, 1000000n)}ms`;
  const h = n / 3600000000000n;
  const m = (n / 60000000000n) % 60n;
  const s = fixed(n % 60000000000n, 1000000000n);
  return `${sign}${h > 0n ? `${h}h` : ''}${h > 0n || m > 0n ? `${m}m` : ''}${s}s`;
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
