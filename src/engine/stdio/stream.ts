/**
 * One client's stdio on a process conmon monitors (a container or an exec session), shared by
 * container attach and exec. Output is read from conmon's log, which is complete by construction:
 * conmon writes each chunk there before it sends it to attach sockets, and a socket it has not yet
 * accepted misses what the process printed meanwhile (we cannot see the accept). Stdin goes through
 * the attach socket (SOCK_SEQPACKET), written raw in packets no larger than conmon reads at once;
 * bytes sent before conmon accepts wait in the socket. A half-close of our side closes the
 * process's stdin (unless it was started to stay open). The stream ends when the output ends
 * (the log subject says when), or when the client closes it.
 */
import type { Socket } from 'node:net';
import { connectSeqpacketSocket } from '../../sys/seqpacket.js';
import type { OutputSink } from '../engine.js';
import { readLog, type LogSubject } from '../containers/logs/reader.js';

/** conmon reads at most 32 KiB per packet; stay well under. */
const STDIN_PACKET = 8192;

/** Which streams the client takes. */
export interface StdioOptions { stdin: boolean; stdout: boolean; stderr: boolean }

export class StdioStream {
  #sink?: OutputSink;
  #socket?: Socket;
  #pendingInput: Buffer[] = [];
  #inputClosed = false;
  #ended = false;
  #onEnd: Array<() => void> = [];
  #writing = Promise.resolve();
  readonly #abort = new AbortController();

  constructor(readonly options: StdioOptions) {}

  get ended(): boolean {
    return this.#ended;
  }

  /** Where output goes; set before any output. */
  setSink(sink: OutputSink): void {
    this.#sink = sink;
  }

  #emit = (e: { stream: 'stdout' | 'stderr'; data: Buffer }) => this.#sink?.write(e.stream, e.data);

  /** Replays the log up to byte `toOffset` of its live file. */
  async replay(log: LogSubject, toOffset: number): Promise<void> {
    const { stdout, stderr } = this.options;
    await readLog(log, { stdout, stderr, follow: false, toOffset, signal: this.#abort.signal }, this.#emit);
  }

  /**
   * Follows output from `offset` of the live log file and connects stdin to `socketPath`; the
   * stream ends with the output. `untilNextExit`: the process is being started now (the subject
   * does not say it runs yet). The log is opened before this returns.
   */
  connect(log: LogSubject, socketPath: string, offset: number, untilNextExit: boolean): void {
    if (this.options.stdin) this.#connectStdin(socketPath);
    const { stdout, stderr } = this.options;
    const follow = readLog(log, { stdout, stderr, follow: true, fromOffset: offset, untilNextExit, signal: this.#abort.signal }, this.#emit);
    void follow.catch(() => undefined).then(() => this.end());
  }

  #connectStdin(path: string): void {
    let s: Socket;
    try {
      s = connectSeqpacketSocket(path);
    } catch {
      return; // the process is gone already: its output still ends the stream
    }
    this.#socket = s;
    s.on('data', () => undefined); // output comes from the log
    s.on('error', () => undefined);
    for (const b of this.#pendingInput.splice(0)) this.writeStdin(b);
    if (this.#inputClosed) this.closeStdin();
  }

  /** Ends the output (once): the sink is ended, the socket closed, `onEnd` callbacks run. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#socket?.destroy();
    this.#sink?.end();
    for (const fn of this.#onEnd.splice(0)) fn();
  }

  /** Runs `fn` once when the stream ends, whatever ends it. */
  onEnd(fn: () => void): void {
    if (this.#ended) fn();
    else this.#onEnd.push(fn);
  }

  /** Sends stdin bytes, one packet at a time (a seqpacket write is one packet: never coalesce). */
  writeStdin(data: Buffer): void {
    if (!this.options.stdin) return;
    const s = this.#socket;
    if (!s) return void this.#pendingInput.push(data);
    for (let off = 0; off < data.length; off += STDIN_PACKET) {
      const chunk = data.subarray(off, off + STDIN_PACKET);
      this.#writing = this.#writing.then(() => new Promise<void>((r) => (s.destroyed ? r() : s.write(chunk, () => r()))));
    }
  }

  closeStdin(): void {
    this.#inputClosed = true;
    const s = this.#socket;
    if (s && this.options.stdin) void this.#writing.then(() => s.end());
  }

  /** The client went away or detached: stops reading, ends the stream; the process is untouched. */
  close(): void {
    this.#abort.abort();
    this.end();
  }
}
