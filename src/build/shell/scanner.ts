/**
 * A cursor over the characters (Unicode code points, as Go's text/scanner reads runes) of one word.
 * `EOF` is the empty string, so it never equals a character.
 */

/** The end of the input. */
export const EOF = '';

/** What Go prints for `string(scanner.EOF)`: the replacement character. */
export const EOF_TEXT = '\uFFFD';

export class RuneScanner {
  readonly #runes: string[];
  #pos = 0;

  constructor(text: string) {
    this.#runes = Array.from(text);
  }

  /** The next character without consuming it, or `EOF`. */
  peek(): string {
    return this.#runes[this.#pos] ?? EOF;
  }

  /** Consumes and returns the next character, or `EOF` (which consumes nothing). */
  next(): string {
    const ch = this.peek();
    if (ch !== EOF) this.#pos++;
    return ch;
  }
}

/** Go's unicode.IsSpace: Latin-1 spaces, U+0085, U+00A0 and the White_Space property. */
const SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** Whether `ch` separates words (Go's unicode.IsSpace). */
export const isSpace = (ch: string): boolean => SPACE.test(ch);
/** Go's unicode.IsLetter. */
export const isLetter = (ch: string): boolean => LETTER.test(ch);
/** Go's unicode.IsDigit (any decimal digit, not only ASCII). */
export const isDigit = (ch: string): boolean => DIGIT.test(ch);
