/**
 * Lexer for the Go text/template subset docker's `--format` uses: text and `{{ … }}` actions (with
 * `{{-`/`-}}` trimming); inside actions fields (`.A.B`), `.`, `$`, identifiers, string/raw-string/
 * number literals, `|`, `(`, `)`.
 */

/** A token inside an action. */
export type Token =
  | { kind: 'field'; path: string[]; at: string }
  | { kind: 'dot' }
  | { kind: 'var'; name: string; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'pipe' }
  | { kind: 'lparen' }
  | { kind: 'rparen' };

/** A piece of the template: literal text or the tokens of one action. */
export type Piece = { kind: 'text'; text: string } | { kind: 'action'; tokens: Token[]; pos: number };

/** Thrown for a template that does not parse; message like Go's `template: :1: …`. */
export class TemplateError extends Error {
  readonly code = 'TEMPLATE_ERROR';
}

/** Splits `src` into text and action pieces. */
export function lex(src: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      pieces.push({ kind: 'text', text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.trimEnd();
      start += 1;
    }
    if (text) pieces.push({ kind: 'text', text });
    const close = findClose(src, start);
    let body = src.slice(start, close);
    i = close + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      const rest = src.slice(i);
      i += rest.length - rest.trimStart().length;
    }
    const lead = body.length - body.trimStart().length;
    pieces.push({ kind: 'action', tokens: tokenize(body.trim(), location(src, start + lead)), pos: open });
  }
  return pieces;
}

function findClose(src: string, from: number): number {
  let quote: string | undefined;
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (quote) {
      if (c === '\\' && quote === '"') j++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && src[j + 1] === '}') return j;
  }
  throw new TemplateError('template: :1: unclosed action');
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Go's `line:col` of an offset (col is the byte offset in the line). */
function location(src: string, offset: number): { line: number; col: number } {
  const before = src.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: offset - nl - 1 };
}

function tokenize(body: string, loc: { line: number; col: number }): Token[] {
  const out: Token[] = [];
  let s = body;
  let consumed = 0;
  while (s.trimStart() !== '') {
    consumed += s.length - s.trimStart().length;
    s = s.trimStart();
    const [tok, len] = nextToken(s, `${loc.line}:${loc.col + consumed}`);
    out.push(tok);
    s = s.slice(len);
    consumed += len;
  }
  return out;
}

function nextToken(s: string, at: string): [Token, number] {
  const c = s[0];
  if (c === '|') return [{ kind: 'pipe' }, 1];
  if (c === '(') return [{ kind: 'lparen' }, 1];
  if (c === ')') return [{ kind: 'rparen' }, 1];
  if (c === '"') {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(s);
    if (!m) throw new TemplateError('template: :1: unterminated quoted string');
    return [{ kind: 'string', value: JSON.parse(m[0]) as string }, m[0].length];
  }
  if (c === '`') {
    const end = s.indexOf('`', 1);
    if (end < 0) throw new TemplateError('template: :1: unterminated raw quoted string');
    return [{ kind: 'string', value: s.slice(1, end) }, end + 1];
  }
  const chain = /^(\$[A-Za-z0-9_]*)?((?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)?/.exec(s);
  if (chain && chain[0] !== '') {
    const path = chain[2] && chain[2] !== '.' ? chain[2].slice(1).split('.') : [];
    if (chain[1] !== undefined) return [{ kind: 'var', name: chain[1], path }, chain[0].length];
    return [path.length ? { kind: 'field', path, at } : { kind: 'dot' }, chain[0].length];
  }
  const num = /^-?\d+(\.\d+)?/.exec(s);
  if (num) return [{ kind: 'number', value: Number(num[0]) }, num[0].length];
  const id = IDENT.exec(s);
  if (id) return [{ kind: 'ident', name: id[0] }, id[0].length];
  throw new TemplateError(`template: :1: unexpected ${JSON.stringify(c)} in command`);
}
