/** Text helpers with Go's behaviour: strconv.Quote and docker's Ellipsis. */
import { displayWidth } from './tabwriter.js';

const ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\',
};

/** Go's strconv.Quote: double-quoted, printable Unicode kept, control characters escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const e = ESCAPES[ch];
    const cp = ch.codePointAt(0) ?? 0;
    if (e) out += e;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (/\p{C}/u.test(ch) && cp > 0x7f) out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** docker's formatter.Ellipsis: cut to `max` display columns, the last one being `…`. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  if (displayWidth(s) <= max) return s;
  const runes = [...s];
  if (max === 1) return runes[0] ?? '';
  let out = '';
  let width = 0;
  for (const r of runes) {
    width += displayWidth(r);
    if (width > max - 1) break;
    out += r;
  }
  return `${out}…`;
}
