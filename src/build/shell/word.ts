/**
 * The reading of one word (BuildKit's shellWord): plain characters, the escape character, single
 * quotes, double quotes and, through `dollar.ts`, `$` expansions. One `ShellWord` reads one word once;
 * it records which variable names it looked up and found (`matched`) or not (`unmatched`).
 */
import { EOF, RuneScanner, isDigit, isLetter } from './scanner.js';
import { WordSplitter } from './words.js';
import { LexFailure } from './errors.js';
import { processDollar } from './dollar.js';

/** Switches of BuildKit's Lex, all off for Dockerfile expansion. */
export interface ShellLexOptions {
  /** Keep the quote characters in the result (`'a'` stays `'a'`). */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters. */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written (`$X`, `${X:-y}`) instead of expanding them. */
  skipUnsetEnv?: boolean;
}

/** POSIX special parameters: a name of one character. */
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

export class ShellWord {
  readonly scanner: RuneScanner;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  #rawEscapes: boolean;

  constructor(text: string, readonly escape: string, readonly env: ReadonlyMap<string, string>, readonly options: ShellLexOptions) {
    this.scanner = new RuneScanner(text);
    this.#rawEscapes = options.rawEscapes ?? false;
  }

  /** The value of `name`, or undefined when unset; records the look-up. */
  getEnv(name: string): string | undefined {
    const value = this.env.get(name);
    (value === undefined ? this.unmatched : this.matched).add(name);
    return value;
  }

  /**
   * Reads up to `stop` (consumed) or, when `stop` is `EOF`, to the end. `rawEscapes` keeps escape
   * characters for the duration (patterns need them). Throws when `stop` is never found.
   */
  readUntil(stop: string, rawEscapes: boolean): { text: string; words: string[] } {
    const saved = this.#rawEscapes;
    this.#rawEscapes = rawEscapes;
    try {
      return this.#readUntil(stop);
    } finally {
      this.#rawEscapes = saved;
    }
  }

  #readUntil(stop: string): { text: string; words: string[] } {
    const s = this.scanner;
    const words = new WordSplitter();
    let text = '';
    while (s.peek() !== EOF) {
      const ch = s.peek();
      if (stop !== EOF && ch === stop) {
        s.next();
        return { text, words: words.words() };
      }
      const special = this.#special(ch);
      if (special) {
        const part = special();
        text += part;
        if (ch === '$') words.addString(part);
        else words.addRawString(part);
        continue;
      }
      s.next();
      if (ch !== this.escape) {
        words.addChar(ch);
        text += ch;
        continue;
      }
      if (this.#rawEscapes) {
        words.addRawChar(ch);
        text += ch;
      }
      const escaped = s.next();
      if (escaped === EOF) break;
      words.addRawChar(escaped);
      text += escaped;
    }
    if (stop !== EOF) throw new LexFailure(`unexpected end of statement while looking for matching ${stop}`);
    return { text, words: words.words() };
  }

  #special(ch: string): (() => string) | undefined {
    if (ch === '$') return () => processDollar(this);
    if (this.options.skipProcessQuotes) return undefined;
    if (ch === "'") return () => this.#singleQuoted();
    if (ch === '"') return () => this.#doubleQuoted();
    return undefined;
  }

  /** `'…'`: every character as is; a single quote cannot be escaped inside. */
  #singleQuoted(): string {
    const s = this.scanner;
    const raw = this.options.rawQuotes ?? false;
    let text = raw ? s.next() : (s.next(), '');
    for (;;) {
      const ch = s.next();
      if (ch === EOF) throw new LexFailure('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return raw ? text + ch : text;
      text += ch;
    }
  }

  /** `"…"`: `$` expands; the escape character escapes only `"`, `$` and itself, else stays. */
  #doubleQuoted(): string {
    const s = this.scanner;
    const raw = this.options.rawQuotes ?? false;
    let text = raw ? s.next() : (s.next(), '');
    for (;;) {
      const peek = s.peek();
      if (peek === EOF) throw new LexFailure('unexpected end of statement while looking for matching double-quote');
      if (peek === '"') return raw ? text + s.next() : (s.next(), text);
      if (peek === '$') { text += processDollar(this); continue; }
      let ch = s.next();
      if (ch === this.escape) {
        if (this.#rawEscapes) text += ch;
        const after = s.peek();
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === this.escape) ch = s.next();
      }
      text += ch;
    }
  }

  /** A variable name: letters, digits and `_`; or a run of digits; or one special parameter. */
  readName(): string {
    const s = this.scanner;
    let name = '';
    for (let ch = s.peek(); ch !== EOF; ch = s.peek()) {
      if (name === '' && isDigit(ch)) {
        while (s.peek() !== EOF && isDigit(s.peek())) name += s.next();
        return name;
      }
      if (name === '' && SPECIAL_PARAMS.has(ch)) return s.next();
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += s.next();
    }
    return name;
  }
}
