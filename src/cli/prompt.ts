/**
 * Terminal prompts as docker's login asks them: a line read from stdin after a prompt on stdout,
 * and the same with echo turned off (`stty -echo` on the terminal, restored afterwards: canonical
 * mode stays on, so the line editing the user expects keeps working). Only used when stdin is a
 * terminal; a closed stdin reads as an empty line. Between `start()` and `close()` Ctrl-C (SIGINT)
 * cancels: the pending or next read rejects with PromptCancelled (docker then ends the command
 * quietly, exit status 0). Start before printing the first prompt, so no Ctrl-C can fall between
 * the prompt and the handler (node's default for SIGINT ends the process, echo still off).
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
  #cancelled = false;
  #wake: (() => void) | undefined;
  readonly #utf8 = new StringDecoder('utf8');
  readonly #onInterrupt = (): void => {
    this.#cancelled = true;
    this.#wake?.();
  };

  constructor(src: NodeJS.ReadableStream) {
    this.#src = src;
  }

  /** From now on Ctrl-C cancels the prompts. */
  start(): void {
    process.on('SIGINT', this.#onInterrupt);
  }

  /** Ctrl-C is no longer ours to handle. */
  close(): void {
    process.off('SIGINT', this.#onInterrupt);
  }

  /** The next line without its end (`\n` or `\r\n`), trimmed as docker's prompt.ReadInput trims it. */
  async readLine(): Promise<string> {
    while (!this.#buf.includes('\n') && !this.#ended && !this.#cancelled) await this.#more();
    if (this.#cancelled) throw new PromptCancelled('prompt cancelled');
    const nl = this.#buf.indexOf('\n');
    const line = nl < 0 ? this.#buf : this.#buf.slice(0, nl);
    this.#buf = nl < 0 ? '' : this.#buf.slice(nl + 1);
    return line.trim();
  }

  #more(): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        this.#src.off('data', onData).off('end', onEnd).off('error', onEnd);
        this.#wake = undefined;
        this.#src.pause();
        resolve();
      };
      const onData = (c: Buffer | string): void => {
        this.#buf += typeof c === 'string' ? c : this.#utf8.write(c);
        finish();
      };
      const onEnd = (): void => {
        this.#ended = true;
        finish();
      };
      this.#wake = finish;
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
