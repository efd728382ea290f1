/**
 * The parts of Go's encoding/json (Go 1.19, what Docker 20.10 is built with) that decide the bytes
 * of an image config converted from a legacy v1 JSON, so that Wharf computes Docker's image ID:
 * - `parseGoJson`: a strict parser that keeps every value's source span (a `json.RawMessage` is
 *   copied as written), number literals as text (int64 fields must round-trip exactly) and
 *   duplicate keys in order (Go applies each in turn).
 * - `goCompact`: what `json.Marshal` does to a RawMessage: whitespace out, `<>&` and U+2028/9
 *   escaped, everything else (escapes, number spellings) kept.
 * - `goString`, `goObject`: Go's string escaping and its map encoding (keys sorted bytewise).
 * Input must be valid UTF-8 (checked by the caller); Go would accept and mangle invalid bytes.
 */

/** A parsed JSON value; `start`/`end` delimit its source text. */
export type GoNode = { start: number; end: number } & (
  | { kind: 'object'; entries: Array<{ key: string; value: GoNode }> }
  | { kind: 'array'; items: GoNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
);

/** Malformed JSON (or nesting deeper than `MAX_DEPTH`). */
export class GoJsonError extends Error {
  readonly code = 'INVALID_JSON';
}

/** Nesting cap: real v1 JSON nests 3 deep; a hostile one must not exhaust the stack. */
export const MAX_DEPTH = 512;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses one JSON document (the whole of `text`). */
export function parseGoJson(text: string): GoNode {
  const p = new Parser(text);
  const node = p.value(0);
  p.ws();
  if (p.pos !== text.length) p.fail('invalid character after top-level value');
  return node;
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(msg: string): never {
    throw new GoJsonError(`${msg} (offset ${this.pos})`);
  }

  ws(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.text);
    this.pos = WS.lastIndex;
  }

  value(depth: number): GoNode {
    if (depth > MAX_DEPTH) this.fail(`JSON nests deeper than ${MAX_DEPTH}`);
    this.ws();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '{') return this.object(start, depth);
    if (c === '[') return this.array(start, depth);
    if (c === '"') return { kind: 'string', value: this.string(), start, end: this.pos };
    for (const [word, node] of [['true', { kind: 'bool', value: true }], ['false', { kind: 'bool', value: false }], ['null', { kind: 'null' }]] as const) {
      if (this.text.startsWith(word, start)) {
        this.pos += word.length;
        return { ...node, start, end: this.pos };
      }
    }
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('invalid character looking for beginning of value');
    this.pos = NUMBER.lastIndex;
    return { kind: 'number', text: m[0], start, end: this.pos };
  }

  object(start: number, depth: number): GoNode {
    const entries: Array<{ key: string; value: GoNode }> = [];
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') return { kind: 'object', entries, start, end: ++this.pos };
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('invalid character looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.text[this.pos++] !== ':') this.fail('invalid character after object key');
      entries.push({ key, value: this.value(depth + 1) });
      this.ws();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', entries, start, end: this.pos };
      if (c !== ',') this.fail('invalid character after object key:value pair');
    }
  }

  array(start: number, depth: number): GoNode {
    const items: GoNode[] = [];
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') return { kind: 'array', items, start, end: ++this.pos };
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', items, start, end: this.pos };
      if (c !== ',') this.fail('invalid character after array element');
    }
  }

  /** A string literal, unescaped as Go does (a lone surrogate becomes U+FFFD). */
  string(): string {
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail('unexpected end of JSON input');
      if (c === '"') return out;
      if (c < ' ') this.fail('invalid character in string literal');
      if (c !== '\\') { out += c; continue; }
      const e = this.text[this.pos++] ?? '';
      if (e in ESCAPES) out += ESCAPES[e];
      else if (e === 'u') out += this.unicodeEscape();
      else this.fail('invalid character in string escape code');
    }
  }

  unicodeEscape(): string {
    const hex4 = (at: number): number | undefined => (/^[0-9a-fA-F]{4}$/.test(this.text.slice(at, at + 4)) ? parseInt(this.text.slice(at, at + 4), 16) : undefined);
    const u = hex4(this.pos);
    if (u === undefined) this.fail('invalid character in \\u hexadecimal character escape');
    this.pos += 4;
    if (u < 0xd800 || u > 0xdfff) return String.fromCharCode(u);
    const lo = this.text.startsWith('\\u', this.pos) ? hex4(this.pos + 2) : undefined;
    if (u < 0xdc00 && lo !== undefined && lo >= 0xdc00 && lo <= 0xdfff) {
      this.pos += 6;
      return String.fromCharCode(u, lo);
    }
    return '\ufffd';
  }
}

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Go's `compact` with HTML escaping, on a valid JSON text. */
export function goCompact(raw: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inString) {
      if (c === '\\') { out += c + (raw[++i] ?? ''); continue; }
      if (c === '"') inString = false;
      out += HTML_ESCAPES[c] ?? c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}

/** A string as Go's encoder writes it (HTML-safe; \u00XX for other control characters, as Go 1.19). */
export function goString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u00${code.toString(16).padStart(2, '0')}`;
    else out += HTML_ESCAPES[c] ?? c;
  }
  return `${out}"`;
}

/** A Go map encoded: `{"k":v,…}` with keys in bytewise (UTF-8) order; values are JSON texts. */
export function goObject(entries: Iterable<[string, string]>): string {
  const sorted = [...entries].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${sorted.map(([k, v]) => `${goString(k)}:${v}`).join(',')}}`;
}
