/**
 * Go's `%q` of a string (strconv.Quote), which BuildKit's messages use to show the word: printable
 * characters as they are, `"` and `\` escaped, C escapes for the usual controls, `\xNN` for other ASCII
 * controls, `\uNNNN`/`\UNNNNNNNN` for other non-printable characters.
 */

const SHORT: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
  '"': '\\"', '\\': '\\\\',
};

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** One character as strconv.Quote writes it. */
function quoteChar(ch: string): string {
  const short = SHORT[ch];
  if (short !== undefined) return short;
  if (PRINTABLE.test(ch)) return ch;
  const cp = ch.codePointAt(0) ?? 0xfffd;
  if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** `s` in double quotes, escaped as Go's `%q` does. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteChar(ch);
  return out + '"';
}
