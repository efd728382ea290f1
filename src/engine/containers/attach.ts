/**
 * Attaching to a container's stdio. Output is read from conmon's log, which is complete by
 * construction: conmon writes each chunk there before it sends it to attach sockets, and a
 * socket it has not yet accepted misses what the container printed meanwhile (we cannot see the
 * accept, and `runc start` cannot wait for it). Stdin goes through conmon's attach socket
 * (SOCK_SEQPACKET), written raw in packets no larger than conmon reads at once; bytes sent before
 * conmon accepts wait in the socket. A half-close of our side closes the container's stdin (unless
 * it was started to stay open). Sessions opened before the container runs (docker run attaches
 * first, then starts) wait and are connected between `runc create` and `runc start`.
 */
import { open, write, close, statSync, constants as fsConstants } from 'node:fs';
import type { Socket } from 'node:net';
import { connectSeqpacketSocket } from '../../sys/seqpacket.js';
import type { Conmon } from '../../runtime/conmon/conmon.js';
import type { ContainerRecord } from './record.js';
import type { ContainerService } from './service.js';
import type { EnginePaths } from '../paths.js';
import { readLogs } from './logs.js';
import { conflict } from '../errors.js';

export type StdStream = 'stdout' | 'stderr';

/** Where attached output goes. `end` is called once, when the container's output ends. */
export interface AttachSink {
  write(stream: StdStream, data: Buffer): void;
  end(): void;
}

export interface AttachOptions { stdin: boolean; stdout: boolean; stderr: boolean }

/** Where a session connects: the container, its log and its attach socket. */
export interface AttachTarget { containers: ContainerService; rec: ContainerRecord; socketPath: string; beforeStart: boolean }

/** conmon reads at most 32 KiB per packet; stay well under. */
const STDIN_PACKET = 8192;

export class AttachSession {
  #socket?: Socket;
  #pendingInput: Buffer[] = [];
  #inputClosed = false;
  #ended = false;
  #onEnd: Array<() => void> = [];
  #writing = Promise.resolve();
  readonly #abort = new AbortController();

  constructor(readonly options: AttachOptions, readonly sink: AttachSink) {}

  /**
   * Starts the session: output from the log's current end (taken now, synchronously, so nothing
   * the container writes after this call is missed), stdin through the attach socket.
   */
  connect(t: AttachTarget): void {
    const fromOffset = (() => { try { return statSync(t.rec.LogPath).size; } catch { return 0; } })();
    if (this.options.stdin) this.#connectStdin(t.socketPath);
    const { stdout, stderr } = this.options;
    const follow = readLogs(t.containers, t.rec.Id, {
      stdout, stderr, timestamps: false, follow: true, fromOffset, untilNextExit: t.beforeStart, signal: this.#abort.signal,
    }, (e) => this.sink.write(e.stream, e.data));
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
    this.sink.end();
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

  /** Detaches: stops output and drops the connection without touching the container. */
  close(): void {
    this.#abort.abort();
    this.#end();
  }
}

/** A session attached before its container runs: it gives up if the container is removed or fails to start. */
interface Waiting { session: AttachSession; stop(): void }

export class Attacher {
  readonly #pending = new Map<string, Set<Waiting>>();

  constructor(readonly containers: ContainerService, readonly conmon: Conmon, readonly paths: EnginePaths) {
    containers.onBeforeStart((rec) => this.#connectPending(rec));
  }

  /**
   * Attaches to a container. Running: connects now. Created or exited: waits for the next start.
   * The session ends when the container's output ends (or on `close`).
   */
  attach(idOrName: string, options: AttachOptions, sink: AttachSink): AttachSession {
    const rec = this.containers.store.get(idOrName);
    if (rec.State.Status === 'removing' || rec.State.Status === 'dead') {
      throw conflict(`You cannot attach to a container that is being removed`);
    }
    const session = new AttachSession(options, sink);
    if (rec.State.Status === 'running') session.connect(this.#target(rec, false));
    else this.#wait(rec.Id, session);
    return session;
  }

  #target(rec: ContainerRecord, beforeStart: boolean): AttachTarget {
    return { containers: this.containers, rec, socketPath: this.conmon.attachSocketPath(this.paths.bundle(rec.Id)), beforeStart };
  }

  #wait(id: string, session: AttachSession): void {
    const set = this.#pending.get(id) ?? new Set<Waiting>();
    this.#pending.set(id, set);
    const giveUp = () => { waiting.stop(); session.close(); };
    const offRemoved = this.containers.on('removed', id, giveUp);
    const offFailed = this.containers.on('startfailed', id, giveUp); // nothing will ever be written
    const waiting: Waiting = { session, stop: () => { offRemoved(); offFailed(); set.delete(waiting); } };
    set.add(waiting);
    session.onEnd(() => waiting.stop()); // the client went away while waiting
  }

  /**
   * Connects the waiting sessions (between `runc create` and `runc start`). From here on only
   * conmon's end of stream ends them: an `--rm` removal must not cut output still in the socket.
   */
  #connectPending(rec: ContainerRecord): void {
    const set = this.#pending.get(rec.Id);
    if (!set) return;
    this.#pending.delete(rec.Id);
    const target = this.#target(rec, true);
    for (const w of [...set]) {
      w.stop();
      try {
        w.session.connect(target);
      } catch {
        w.session.close();
      }
    }
  }

  /** Resizes the container's TTY through conmon's control FIFO. */
  resize(idOrName: string, height: number, width: number): Promise<void> {
    const rec = this.containers.store.get(idOrName);
    if (rec.State.Status !== 'running') {
      return Promise.reject(conflict(`Container ${rec.Id} is not running`));
    }
    const ctl = this.conmon.ctlPath(this.paths.bundle(rec.Id));
    return new Promise((resolve, reject) => {
      open(ctl, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK, (err, fd) => {
        if (err) return reject(err);
        write(fd, `1 ${height} ${width}\n`, (e) => close(fd, () => (e ? reject(e) : resolve())));
      });
    });
  }
}
