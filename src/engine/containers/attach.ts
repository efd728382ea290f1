/**
 * Attaching to a container's stdio (the stream itself, shared with exec, is stdio/stream.ts:
 * output from conmon's log, stdin through the attach socket).
 *
 * `logs` replays the log first. `stream` then follows live output: at once when the container runs,
 * else from its next start (docker run attaches first, then starts: such sessions are connected
 * between the runtime's create and start). A session ends when the container's output ends.
 */
import { statSync } from 'node:fs';
import type { AttachOptions, AttachSession, OutputSink } from '../engine.js';
import { ConflictError } from '../errors.js';
import { StdioStream } from '../stdio/stream.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';
import type { LogSubject } from './logs/reader.js';

/** The log of a container, as readers need it. */
export function logSubject(d: ContainerDeps, rec: ContainerRecord): LogSubject {
  return {
    path: rec.LogPath,
    running: () => d.store.find(rec.Id)?.State.Status === 'running',
    onOutputEnd: (fn) => {
      const offs = (['exit', 'removed', 'startfailed'] as const).map((ev) => d.events.on(ev, rec.Id, () => fn()));
      return () => offs.forEach((off) => off());
    },
  };
}

/** The size of the file at `path` now (0 when there is none). */
export function logSize(path: string): number {
  try { return statSync(path).size; } catch { return 0; }
}

class Session implements AttachSession {
  readonly #io: StdioStream;

  constructor(readonly attacher: Attacher, readonly rec: ContainerRecord, readonly options: AttachOptions) {
    this.#io = new StdioStream(options);
  }

  get tty(): boolean {
    return Boolean(this.rec.Config.Tty);
  }

  open(sink: OutputSink): void {
    this.#io.setSink(sink);
    // Taken now, synchronously: the replay stops here and the live stream starts here.
    const offset = logSize(this.rec.LogPath);
    if (!this.options.logs) return this.#stream(offset);
    void this.#io.replay(logSubject(this.attacher.d, this.rec), offset).catch(() => undefined).then(() => this.#stream(offset));
  }

  #stream(offset: number): void {
    if (this.#io.ended) return;
    if (!this.options.stream) return this.#io.end();
    if (this.attacher.d.store.find(this.rec.Id)?.State.Status === 'running') this.connect(offset, false);
    else this.attacher.waitForStart(this);
  }

  /** Starts live output from `offset` and stdin; `beforeStart`: the container is being started now. */
  connect(offset: number, beforeStart: boolean): void {
    const d = this.attacher.d;
    this.#io.connect(logSubject(d, this.rec), d.runtime.attachSocketPath(this.rec.Id), offset, beforeStart);
  }

  /** Runs `fn` once when the session ends, whatever ends it. */
  onEnd(fn: () => void): void {
    this.#io.onEnd(fn);
  }

  writeStdin(data: Buffer): void {
    this.#io.writeStdin(data);
  }

  closeStdin(): void {
    this.#io.closeStdin();
  }

  close(): void {
    this.#io.close();
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
