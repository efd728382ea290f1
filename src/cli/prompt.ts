/**
 * Terminal prompts as docker's login asks them: a line read from stdin after a prompt on stdout,
 * and the same with echo turned off (`stty -echo` on the terminal, restored afterwards: canonical
 * mode stays on, so the line editing the user expects keeps working). Only used when stdin is a
 * terminal; a closed stdin reads as an empty line, Ctrl-C (SIGINT) while waiting is a
 * PromptCancelled (docker then ends the command quietly, exit status 0).
 */
import { spawnSync } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/** The user pressed Ctrl-C at a prompt. */
export class PromptCancelled extends Error {
  readonly code = 'PROMPT_CANCELLED';
}

/** Reads lines from a stream one at a time, keeping what follows a line for the next read. */
export class LineReader {
  readonly #src: NodeJS.ReadableStream;
  #buf = '';
  #ended = false;
  readonly #utf8 = new StringDecoder('utf8');

  constructor(src: NodeJS.ReadableStream) {
    this.#src = src;
  }

  /** The next line without its end (`\n` or `\r\n`), trimmed as docker's prompt.ReadInput trims it. */
  async readLine(): Promise<string> {
    while (!this.#buf.includes('\n') && !this.#ended) await this.#more();
    const nl = this.#buf.indexOf('\n');
    const line = nl < 0 ? this.#buf : this.#buf.slice(0, nl);
    this.#buf = nl < 0 ? '' : this.#buf.slice(nl + 1);
    return line.trim();
  }

  #more(): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        this.#src.off('data', onData).off('end', onEnd).off('error', onEnd);
        process.off('SIGINT', onInterrupt);
        this.#src.pause();
      };
      const onData = (c: Buffer | string): void => {
        cleanup();
        this.#buf += typeof c === 'string' ? c : this.#utf8.write(c);
        resolve();
      };
      const onEnd = (): void => {
        cleanup();
        this.#ended = true;
        resolve();
      };
      const onInterrupt = (): void => {
        cleanup();
        reject(new PromptCancelled('prompt cancelled'));
      };
      process.once('SIGINT', onInterrupt);
      this.#src.on('data', onData).once('end', onEnd).once('error', onEnd);
      this.#src.resume();
    });
  }
}

/** Turns terminal echo of fd 0 off; the returned function turns it back on. */
export function disableEcho(): () => void {
  spawnSync('stty', ['-echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
  return () => void spawnSync('stty', ['echo'], { stdio: ['inherit', 'ignore', 'ignore'] });
}
