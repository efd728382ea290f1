/**
 * Parser for the template subset: turns lexer pieces into a tree of text, actions (pipelines) and
 * `if`/`range`/`with` blocks with optional `else` (`else if` chains too).
 */
import { lex, TemplateError, type Piece, type Token } from './lexer.js';

/** An operand of a command: a token or a parenthesised pipeline. */
export type Operand = Exclude<Token, { kind: 'pipe' | 'lparen' | 'rparen' }> | { kind: 'sub'; pipe: Pipeline };
/** A command: a function or field with its arguments. */
export type Cmd = Operand[];
/** Commands joined with `|`. */
export type Pipeline = Cmd[];

/** A node of the parsed template. */
export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'range' | 'with'; pipe: Pipeline; body: Node[]; elseBody: Node[] };

/** Parses a template source into nodes. */
export function parseTemplate(src: string): Node[] {
  const pieces = lex(src);
  const st = { pieces, i: 0 };
  const { nodes, end } = parseList(st);
  if (end !== undefined) throw new TemplateError(`template: :1: unexpected {{${end}}}`);
  return nodes;
}

interface State {
  pieces: Piece[];
  i: number;
}

function parseList(st: State): { nodes: Node[]; end?: 'end' | 'else'; elseTokens?: Token[] } {
  const nodes: Node[] = [];
  while (st.i < st.pieces.length) {
    const p = st.pieces[st.i++] as Piece;
    if (p.kind === 'text') {
      nodes.push({ kind: 'text', text: p.text });
      continue;
    }
    const head = p.tokens[0];
    const word = head?.kind === 'ident' ? head.name : undefined;
    if (word === 'end') return { nodes, end: 'end' };
    if (word === 'else') return { nodes, end: 'else', elseTokens: p.tokens.slice(1) };
    if (word === 'if' || word === 'range' || word === 'with') nodes.push(parseBlock(st, word, p.tokens.slice(1)));
    else nodes.push({ kind: 'action', pipe: parsePipeline(p.tokens) });
  }
  return { nodes };
}

function parseBlock(st: State, kind: 'if' | 'range' | 'with', tokens: Token[]): Node {
  const pipe = parsePipeline(tokens);
  const body = parseList(st);
  if (body.end === undefined) throw new TemplateError(`template: :1: unexpected EOF`);
  let elseBody: Node[] = [];
  if (body.end === 'else') {
    const chained = body.elseTokens?.[0];
    if (chained?.kind === 'ident' && chained.name === 'if') {
      elseBody = [parseBlock(st, 'if', body.elseTokens?.slice(1) ?? [])];
    } else {
      const rest = parseList(st);
      if (rest.end !== 'end') throw new TemplateError(`template: :1: expected end`);
      elseBody = rest.nodes;
    }
  }
  return { kind, pipe, body: body.nodes, elseBody };
}

function parsePipeline(tokens: Token[]): Pipeline {
  if (tokens.length === 0) throw new TemplateError('template: :1: missing value for command');
  const pos = { i: 0 };
  const pipe = parsePipe(tokens, pos);
  if (pos.i < tokens.length) throw new TemplateError('template: :1: unexpected ")" in operand');
  return pipe;
}

function parsePipe(tokens: Token[], pos: { i: number }): Pipeline {
  const pipe: Pipeline = [];
  let cmd: Cmd = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i] as Token;
    if (t.kind === 'rparen') break;
    pos.i++;
    if (t.kind === 'pipe') {
      if (cmd.length === 0) throw new TemplateError('template: :1: missing command');
      pipe.push(cmd);
      cmd = [];
    } else if (t.kind === 'lparen') {
      cmd.push({ kind: 'sub', pipe: parsePipe(tokens, pos) });
      if (tokens[pos.i++]?.kind !== 'rparen') throw new TemplateError('template: :1: unclosed left paren');
    } else cmd.push(t);
  }
  if (cmd.length === 0) throw new TemplateError('template: :1: missing command');
  pipe.push(cmd);
  return pipe;
}
