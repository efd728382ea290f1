/**
 * Attaching to a container's stdio through conmon's attach socket. Output packets carry a one-byte
 * prefix (2 stdout, 3 stderr); stdin is written raw, in packets no larger than conmon reads at once,
 * and a half-close of our side closes the container's stdin (unless it was started to stay open).
 * Sessions opened before the container runs (docker run attaches first, then starts) wait and are
 * connected between `runc create` and `runc start`, so no output is missed.
 */
import { open, write, close, constants as fsConstants } from 'node:fs';
import type { Socket } from 'node:net';
import { connectSeqpacketSocket } from '../sys/seqpacket.js';
import { AttachPipe, type Conmon } from '../runtime/conmon.js';
import type { ContainerRecord } from './container.js';
import type { ContainerService } from './containers.js';
import type { EnginePaths } from './paths.js';
import { conflict } from './errors.js';

export type StdStream = 'stdout' | 'stderr';

/** Where attached output goes. `end` is called once, when the container's output ends. */
export interface AttachSink {
  write(stream: StdStream, data: Buffer): void;
  end(): void;
}

export interface AttachOptions { stdin: boolean; stdout: boolean; stderr: boolean }

/** conmon reads at most 32 KiB per packet; stay well under. */
const STDIN_PACKET = 8192;

export class AttachSession {
  #socket?: Socket;
  #pendingInput: Buffer[] = [];
  #inputClosed = false;
  #ended = false;
  #writing = Promise.resolve();

  constructor(readonly options: AttachOptions, readonly sink: AttachSink) {}

  /** Connects to the attach socket of a created or running container. */
  connect(path: string): void {
    const s = connectSeqpacketSocket(path);
    this.#socket = s;
    s.on('data', (packet: Buffer) => this.#onPacket(packet));
    s.on('end', () => this.#end());
    s.on('close', () => this.#end());
    s.on('error', () => this.#end());
    for (const b of this.#pendingInput.splice(0)) this.writeStdin(b);
    if (this.#inputClosed) this.closeStdin();
  }

  #onPacket(packet: Buffer): void {
    const data = packet.subarray(1);
    if (packet[0] === AttachPipe.stdout && this.options.stdout) this.sink.write('stdout', data);
    else if (packet[0] === AttachPipe.stderr && this.options.stderr) this.sink.write('stderr', data);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.sink.end();
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
    this.#socket?.destroy();
    this.#end();
  }
}

export class Attacher {
  readonly #pending = new Map<string, Set<AttachSession>>();

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
    if (rec.State.Status === 'running') {
      session.connect(this.conmon.attachSocketPath(this.paths.bundle(rec.Id)));
      return session;
    }
    const set = this.#pending.get(rec.Id) ?? new Set();
    set.add(session);
    this.#pending.set(rec.Id, set);
    const offRemoved = this.containers.on('removed', rec.Id, () => { set.delete(session); session.close(); });
    const offFailed = this.containers.on('startfailed', rec.Id, () => {
      if (set.delete(session)) session.close(); // nothing will ever be written
    });
    const origEnd = sink.end.bind(sink);
    sink.end = () => { offRemoved(); offFailed(); set.delete(session); origEnd(); };
    return session;
  }

  #connectPending(rec: ContainerRecord): void {
    const set = this.#pending.get(rec.Id);
    if (!set) return;
    this.#pending.delete(rec.Id);
    const path = this.conmon.attachSocketPath(this.paths.bundle(rec.Id));
    for (const s of set) {
      try {
        s.connect(path);
      } catch {
        s.close();
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
