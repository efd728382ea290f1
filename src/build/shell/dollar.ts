/**
 * `$` expansions, as BuildKit's processDollar reads them: `$NAME`, `${NAME}`, the modifiers
 * `-` `+` `?` (with `:` also treating an empty value as unset), `#` `##` `%` `%%` (patterns), `/` `//`
 * (replacement). A `$` before anything that is not a name stays a `$`. The words of a modifier are read
 * as words themselves, so they expand, quote and nest. The quirks are BuildKit's: `${V` at the end is
 * an "unsupported modifier (\uFFFD)"; `:` works before `#` and `%` too (`${V:#p}` = `${V#p}`).
 */
import type { ShellWord } from './word.js';
import { EOF, EOF_TEXT } from './scanner.js';
import { LexFailure } from './errors.js';
import { replaceAll, replaceFirst, trimPrefix, trimSuffix } from './pattern.js';

const MISSING_BRACE = "syntax error: missing '}'";

/** Reads a `$…` at the scanner (which is on the `$`) and returns its expansion. */
export function processDollar(sw: ShellWord): string {
  const s = sw.scanner;
  s.next();
  if (s.peek() !== '{') return plainVariable(sw);
  s.next();
  const first = s.peek();
  if (first === EOF) throw new LexFailure(MISSING_BRACE);
  if (first === '{' || first === '}' || first === ':') throw new LexFailure('syntax error: bad substitution');
  const name = sw.readName();
  const op = s.next();
  if (op === '}') return bracedVariable(sw, name);
  if (op === ':' || op === '+' || op === '-' || op === '?' || op === '#' || op === '%') return modifier(sw, name, op);
  if (op === '/') return replacement(sw, name);
  throw unsupported(op === EOF ? EOF_TEXT : op);
}

function unsupported(chs: string): LexFailure {
  return new LexFailure(`unsupported modifier (${chs}) in substitution`);
}

/** `$NAME`; a `$` not followed by a name is itself. */
function plainVariable(sw: ShellWord): string {
  const name = sw.readName();
  if (name === '') return '$';
  const value = sw.getEnv(name);
  if (value === undefined && sw.options.skipUnsetEnv) return '$' + name;
  return value ?? '';
}

function bracedVariable(sw: ShellWord, name: string): string {
  const value = sw.getEnv(name);
  if (value === undefined && sw.options.skipUnsetEnv) return `\${${name}}`;
  return value ?? '';
}

/** Reads a modifier's word up to `stop`; at the end of the input any failure is `missing`. */
function readPart(sw: ShellWord, stop: string, rawEscapes: boolean, missing: string): string {
  try {
    return sw.readUntil(stop, rawEscapes).text;
  } catch (err) {
    if (err instanceof LexFailure && sw.scanner.peek() === EOF) throw new LexFailure(missing);
    throw err;
  }
}

/** `${NAME<op>word}` and `${NAME:<op>word}`. */
function modifier(sw: ShellWord, name: string, first: string): string {
  let op = first;
  let chs = first;
  const nullIsUnset = first === ':';
  if (nullIsUnset) {
    op = sw.scanner.next();
    chs += op === EOF ? EOF_TEXT : op;
  }
  let word = readPart(sw, '}', op === '#' || op === '%', MISSING_BRACE);
  const value = sw.getEnv(name);
  if (value === undefined && sw.options.skipUnsetEnv) return `\${${name}${chs}${word}}`;
  const unset = value === undefined || (nullIsUnset && value === '');
  switch (op) {
    case '-': return unset ? word : value!;
    case '+': return unset ? '' : word;
    case '?': return required(name, value, nullIsUnset, word);
    case '#': case '%': {
      const greedy = word.startsWith(op);
      if (greedy) word = word.slice(1);
      return op === '%' ? trimSuffix(word, value ?? '', greedy) : trimPrefix(word, value ?? '', greedy);
    }
    default: throw unsupported(chs);
  }
}

/** `${NAME?message}` / `${NAME:?message}`: the value, or an error with the message (or BuildKit's). */
function required(name: string, value: string | undefined, nullIsUnset: boolean, message: string): string {
  if (value === undefined) throw new LexFailure(`${name}: ${message || 'is not allowed to be unset'}`);
  if (nullIsUnset && value === '') throw new LexFailure(`${name}: ${message || 'is not allowed to be empty'}`);
  return value;
}

/** `${NAME/pattern/replacement}` (first match) and `${NAME//pattern/replacement}` (all). */
function replacement(sw: ShellWord, name: string): string {
  const all = sw.scanner.peek() === '/';
  if (all) sw.scanner.next();
  const pattern = readPart(sw, '/', true, "syntax error: missing '/' in ${}");
  const repl = readPart(sw, '}', true, MISSING_BRACE);
  const value = sw.getEnv(name);
  if (value === undefined && sw.options.skipUnsetEnv) return `\${${name}/${pattern}/${repl}}`;
  return all ? replaceAll(value ?? '', pattern, repl) : replaceFirst(value ?? '', pattern, repl);
}
