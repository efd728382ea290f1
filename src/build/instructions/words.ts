/**
 * How each instruction's arguments are cut into words, as BuildKit's line parsers do it: BuildKit's
 * parseWords (quotes and escapes kept in the word, for expansion to remove), name=value pairs for
 * ENV and LABEL (and the legacy `ENV name value`), whitespace lists, and the JSON form.
 */
import { goQuote } from '../../util/go-quote.js';
import { InstructionError } from './types.js';

const SPACE = /\s/;

/** BuildKit's parseWords: words split at unquoted whitespace; quotes and escapes stay in the word. */
export function parseWords(rest: string, esc: string): string[] {
  const chars = Array.from(rest);
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  let blankOk = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (!inWord && !quote) {
      if (SPACE.test(ch)) continue;
      inWord = true;
    }
    if (quote) {
      if (ch === quote) quote = '';
      if (ch === esc && quote !== "'") {
        if (i + 1 === chars.length) continue;
        word += ch + chars[++i]!;
        continue;
      }
      word += ch;
      continue;
    }
    if (SPACE.test(ch)) {
      if (blankOk || word) words.push(word);
      word = '';
      inWord = blankOk = false;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      blankOk = true;
    }
    if (ch === esc) {
      if (i + 1 === chars.length) continue;
      word += ch + chars[++i]!;
      continue;
    }
    word += ch;
  }
  if ((inWord || quote) && (blankOk || word)) words.push(word);
  return words;
}

/** BuildKit's parseNameVal: `k=v k2="v 2"`, or the legacy `k v…` when the first word has no `=`. */
export function parseNameVal(rest: string, keyword: string, esc: string, line: number): Array<{ key: string; value: string }> {
  const words = parseWords(rest, esc);
  if (words.length === 0) throw new InstructionError(`${keyword} requires at least one argument`, line);
  if (!words[0]!.includes('=')) {
    const m = /^(\S+)[\t\v\f\r ]+([\s\S]*)$/.exec(rest);
    if (!m) throw new InstructionError(`${keyword} must have two arguments`, line, 'parser');
    return [{ key: m[1]!, value: m[2]! }];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) throw new InstructionError(`Syntax error - can't find = in ${goQuote(w)}. Must be of the form: name=value`, line, 'parser');
    if (eq === 0) throw new InstructionError(`${keyword} names can not be blank`, line);
    return { key: w.slice(0, eq), value: w.slice(eq + 1) };
  });
}

/** The JSON form if the text is one; throws Docker's message for an array of non-strings. */
export function maybeJson(text: string, line: number): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(v)) return undefined;
  if (!v.every((x) => typeof x === 'string')) {
    throw new InstructionError('when using JSON array syntax, arrays must be comprised of strings only', line, 'parser');
  }
  return v as string[];
}

/** parseStringsWhitespaceDelimited. */
export const whitespaceWords = (text: string): string[] => (text === '' ? [] : text.split(/[\t\v\f\r\n ]+/));

/** parseMaybeJSONToList: the JSON array, or whitespace-separated words. */
export const jsonOrWords = (text: string, line: number): string[] => maybeJson(text, line) ?? whitespaceWords(text);
