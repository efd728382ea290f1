/**
 * Dockerfile word expansion, as BuildKit's shell lexer (frontend/dockerfile/shell) does it: quotes
 * removed, the escape character applied, `$` variables expanded, and, for lists, words split on
 * unquoted whitespace after expansion. Pure: no I/O, no process environment.
 *
 * Names are compared exactly (BuildKit folds case only on Windows). A `ShellLex` keeps no state between
 * calls, so one can serve many words, concurrently too.
 *
 * Where Docker 20.10's legacy builder differs (we follow BuildKit): see the `# legacy:` notes in
 * `testdata/expand.txt`.
 */
import { EOF } from './scanner.js';
import { LexFailure, ShellExpansionError } from './errors.js';
import { ShellWord, type ShellLexOptions } from './word.js';

export { ShellExpansionError } from './errors.js';
export type { ShellLexOptions } from './word.js';

/** Variables by exact name. */
export type Env = ReadonlyMap<string, string>;

/** The result of expanding one word, with the names it looked up. */
export interface ExpansionResult {
  result: string;
  /** The words after splitting on unquoted whitespace. */
  words: string[];
  /** Names looked up and set (even when empty). */
  matched: Set<string>;
  /** Names looked up and unset. */
  unmatched: Set<string>;
}

export class ShellLex {
  readonly #options: ShellLexOptions;

  /** `escape` is the Dockerfile's escape character (`# escape=`); `options` are BuildKit's switches, off by default. */
  constructor(readonly escape: '\\' | '`', options: ShellLexOptions = {}) {
    this.#options = { ...options };
  }

  /** One word: quotes removed, escapes applied, variables expanded. Throws `ShellExpansionError`. */
  processWord(word: string, env: Env): string {
    return this.expand(word, env).result;
  }

  /** Splits into words on unquoted whitespace after expansion (as ENV/ARG/LABEL/EXPOSE/VOLUME lists need). */
  processWords(word: string, env: Env): string[] {
    return this.expand(word, env).words;
  }

  /** As processWord, and which variable names were found set (matched) and unset (unmatched). */
  processWordWithMatches(word: string, env: Env): { result: string; matched: Set<string>; unmatched: Set<string> } {
    const { result, matched, unmatched } = this.expand(word, env);
    return { result, matched, unmatched };
  }

  /** Everything one expansion produces. Throws `ShellExpansionError`. */
  expand(word: string, env: Env): ExpansionResult {
    const sw = new ShellWord(word, this.escape, env, this.#options);
    try {
      const { text, words } = sw.readUntil(EOF, this.#options.rawEscapes ?? false);
      return { result: text, words, matched: sw.matched, unmatched: sw.unmatched };
    } catch (err) {
      if (err instanceof LexFailure) throw new ShellExpansionError(word, err.message);
      throw err;
    }
  }
}
