/**
 * Splitting into words as the lexer reads (BuildKit's wordsStruct): unquoted characters and the
 * results of `$` expansions split on whitespace; quoted text and escaped characters never do. An empty
 * quoted string (`""`) makes no word of its own.
 */
import { isSpace } from './scanner.js';

export class WordSplitter {
  #word = '';
  #inWord = false;
  readonly #words: string[] = [];

  /** A character that splits on whitespace. */
  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.#inWord && this.#word !== '') this.#flush();
      return;
    }
    this.addRawChar(ch);
  }

  /** A character kept as is, whitespace too. */
  addRawChar(ch: string): void {
    this.#word += ch;
    this.#inWord = true;
  }

  /** A string whose whitespace splits. */
  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  /** A string kept whole (the inside of quotes). */
  addRawString(s: string): void {
    this.#word += s;
    this.#inWord = true;
  }

  /** The words so far, the one being built included when not empty. */
  words(): string[] {
    if (this.#word !== '') this.#flush();
    return this.#words;
  }

  #flush(): void {
    this.#words.push(this.#word);
    this.#word = '';
    this.#inWord = false;
  }
}
