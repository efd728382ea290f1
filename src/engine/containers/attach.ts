/**
 * Attaching to a container's stdio. Output is read from conmon's log, which is complete by
 * construction: conmon writes each chunk there before it sends it to attach sockets, and a
 * socket it has not yet accepted misses what the container printed meanwhile (we cannot see the
 * accept, and `runtime start` cannot wait for it). Stdin goes through the runtime's attach socket
 * (SOCK_SEQPACKET), written raw in packets no larger than conmon reads at once; bytes sent before
 * conmon accepts wait in the socket. A half-close of our side closes the container's stdin (unless
 * it was started to stay open).
 *
 * `logs` replays the log first. `stream` then follows live output: at once when the container runs,
 * else from its next start (docker run attaches first, then starts: such sessions are connected
 * between the runtime's create and start). A session ends when the container's output ends.
 */
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { connectSeqpacketSocket } from '../../sys/seqpacket.js';
import type { AttachOptions, AttachSession, OutputSink } from '../engine.js';
import { ConflictError } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import { isRunning, type ContainerRecord } from './record.js';
import { readLog, type LogSubject } from './logs/reader.js';
import { announce } from './announce.js';

/** conmon reads at most 32 KiB per packet; stay well under. */
const STDIN_PACKET = 8192;

/** The log of a container, as readers need it. */
export function logSubject(d: ContainerDeps, rec: ContainerRecord): LogSubject {
  return {
    path: rec.LogPath,
    running: () => { const s = d.store.find(rec.Id)?.State; return s !== undefined && isRunning(s); },
    onOutputEnd: (fn) => {
      const offs = (['exit', 'removed', 'startfailed'] as const).map((ev) => d.events.on(ev, rec.Id, () => fn()));
      return () => offs.forEach((off) => off());
    },
  };
}

function logSize(path: string): number {
  try { return statSync(path).size; } catch { return 0; }
}

class Session implements AttachSession {
  #sink?: OutputSink;
  #socket?: Socket;
  #pendingInput: Buffer[] = [];
  #inputClosed = false;
  #ended = false;
  #onEnd: Array<() => void> = [];
  #writing = Promise.resolve();
  readonly #abort = new AbortController();

  constructor(readonly attacher: Attacher, readonly rec: ContainerRecord, readonly options: AttachOptions) {}

  get tty(): boolean {
    return Boolean(this.rec.Config.Tty);
  }

  open(sink: OutputSink): void {
    this.#sink = sink;
    // Taken now, synchronously: the replay stops here and the live stream starts here.
    const offset = logSize(this.rec.LogPath);
    if (!this.options.logs) return this.#stream(offset);
    void this.#replay(offset).catch(() => undefined).then(() => this.#stream(offset));
  }

  async #replay(toOffset: number): Promise<void> {
    const { stdout, stderr } = this.options;
    await readLog(logSubject(this.attacher.d, this.rec), { stdout, stderr, follow: false, toOffset, signal: this.#abort.signal }, (e) => this.#sink?.write(e.stream, e.data));
  }

  #stream(offset: number): void {
    if (this.#ended) return;
    // dockerd announces an attach after the replay, whether or not it streams.
    announce(this.attacher.d, this.attacher.d.store.find(this.rec.Id) ?? this.rec, 'attach');
    if (!this.options.stream) return this.#end();
    if (this.attacher.d.store.find(this.rec.Id)?.State.Status === 'running') this.connect(offset, false);
    else this.attacher.waitForStart(this);
  }

  /** Starts live output from `offset` and stdin; `beforeStart`: the container is being started now. */
  connect(offset: number, beforeStart: boolean): void {
    if (this.options.stdin) this.#connectStdin(this.attacher.d.runtime.attachSocketPath(this.rec.Id));
    const { stdout, stderr } = this.options;
    const follow = readLog(logSubject(this.attacher.d, this.rec), {
      stdout, stderr, follow: true, fromOffset: offset, untilNextExit: beforeStart, signal: this.#abort.signal,
    }, (e) => this.#sink?.write(e.stream, e.data));
    void follow.catch(() => undefined).then(() => this.#end());
  }

  #connectStdin(path: string): void {
    const s = connectSeqpacketSocket(path);
    this.#socket = s;
    s.on('data', () => undefined); // output comes from the log
    s.on('error', () => undefined);
    for (const b of this.#pendingInput.splice(0)) this.writeStdin(b);
    if (this.#inputClosed) this.closeStdin();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#socket?.destroy();
    this.#sink?.end();
    for (const fn of this.#onEnd.splice(0)) fn();
  }

  /** Runs `fn` once when the session ends, whatever ends it. */
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

  close(o: { detached?: boolean } = {}): void {
    const announced = o.detached && !this.#ended;
    this.#abort.abort();
    this.#end();
    if (announced) announce(this.attacher.d, this.attacher.d.store.find(this.rec.Id) ?? this.rec, 'detach');
  }
}

export class Attacher {
  /** Sessions waiting for their container's start, each with its unsubscribe. */
  readonly #pending = new Map<string, Map<Session, () => void>>();

  constructor(readonly d: ContainerDeps) {}

  /** A session on `idOrName`, validated, not yet open. */
  attach(idOrName: string, options: AttachOptions): AttachSession {
    const rec = this.d.store.get(idOrName);
    if (rec.State.Status === 'removing' || rec.State.Status === 'dead') {
      throw new ConflictError('You cannot attach to a container that is being removed');
    }
    if (rec.State.Status === 'restarting') throw new ConflictError(`container ${idOrName} is restarting, wait until the container is running`);
    return new Session(this, rec, options);
  }

  /** Keeps `s` until the container's next start; it gives up if the container is removed or fails to start. */
  waitForStart(s: Session): void {
    const id = s.rec.Id;
    const waiting = this.#pending.get(id) ?? new Map<Session, () => void>();
    this.#pending.set(id, waiting);
    const giveUp = () => { stop(); s.close(); };
    const offs = [this.d.events.on('removed', id, giveUp), this.d.events.on('startfailed', id, giveUp)]; // nothing will ever be written
    const stop = () => { offs.forEach((off) => off()); waiting.delete(s); };
    waiting.set(s, stop);
    s.onEnd(stop); // the client went away while waiting
  }

  /**
   * Connects the sessions waiting on `rec` (between the runtime's create and start). From here on
   * only the end of the output ends them: an `--rm` removal must not cut output still in the log.
   */
  connectPending(rec: ContainerRecord): void {
    const waiting = this.#pending.get(rec.Id);
    if (!waiting) return;
    this.#pending.delete(rec.Id);
    const offset = logSize(rec.LogPath);
    for (const [s, stop] of [...waiting]) {
      stop();
      try {
        s.connect(offset, true);
      } catch {
        s.close();
      }
    }
  }
}
