/**
 * Following a log as it grows, across rotations. The rotator (rotate.ts) renames the live file to
 * `.1` and conmon then makes a new live file, after it has closed the old one: so once a newer file
 * exists, every older one is complete. Each file is opened as soon as it is seen, and an open file
 * stays readable after it is renamed or deleted: a reader that lags (a slow client, a burst of
 * output, several rotations between two looks) still reads every record once, in order. Looking
 * (`track`) runs apart from reading, so a reader that waits on its client keeps its files.
 *
 * Held meanwhile: one descriptor per file not yet read to its end (disk space of rotated-out files
 * is freed when the reader passes them).
 */
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { LogCursor, type RecordSink } from './cursor.js';
import { rotatedName } from './files.js';

/** The files a follower has still to read, oldest first; the first is being read. */
export class FollowedFiles {
  readonly #files: LogCursor[] = [];

  constructor(readonly path: string, start?: LogCursor) {
    if (start) this.#files.push(start);
  }

  /**
   * Opens the files written since the last look: a new live file, and before it the rotated ones
   * (`.1`, `.2` …) never seen (rotations between two looks; or the last rotation, when conmon is
   * gone and no new live file comes). Not to be run concurrently with itself.
   */
  async track(): Promise<void> {
    const live = await stat(this.path).catch(() => undefined);
    if (live && this.#known(live.ino)) return;
    if (this.#files.length > 0) await this.#addMissed();
    if (!live) return;
    const c = await LogCursor.open(this.path);
    if (c && !this.#known(c.ino)) this.#files.push(c);
    else await c?.close();
  }

  /** The rotated files newer than the last known one: `.1` upward until a known (or no) file. */
  async #addMissed(): Promise<void> {
    const missed: LogCursor[] = [];
    for (let i = 1; ; i++) {
      const c = await LogCursor.open(rotatedName(this.path, i));
      if (!c || this.#known(c.ino) || missed.some((m) => m.ino === c.ino)) {
        await c?.close();
        break;
      }
      missed.unshift(c);
    }
    this.#files.push(...missed);
  }

  #known(ino: number): boolean {
    return this.#files.some((c) => c.ino === ino);
  }

  /** Reads what is there, file after file (a file is left once a newer one exists and it is read to its end). */
  async read(onRecord: RecordSink, signal?: AbortSignal): Promise<void> {
    for (let c = this.#files[0]; c && !signal?.aborted; c = this.#files[0]) {
      await c.drain(onRecord, { signal });
      if (this.#files.length === 1) return;
      await c.drain(onRecord, { signal }); // complete now: what conmon wrote before the first drain ended
      await c.close();
      this.#files.shift();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#files.splice(0).map((c) => c.close()));
  }
}

/** What following needs of the container. */
export interface FollowSubject {
  running(): boolean;
  /** Calls `fn` when the container's output ends; returns the unsubscribe. */
  onOutputEnd(fn: () => void): () => void;
}

/** A serial task runner that keeps at most one run waiting behind the current one. */
function coalesced(task: () => Promise<void>): { kick(): void; idle(): Promise<void> } {
  let busy = Promise.resolve();
  let queued = false;
  return {
    kick: () => {
      if (queued) return;
      queued = true;
      busy = busy.then(() => { queued = false; return task(); }).catch(() => undefined);
    },
    idle: () => busy,
  };
}

/**
 * Follows `files` until the container's output ends (then reads once more: conmon writes the log
 * before the exit is recorded) or `signal` aborts; `untilNextExit` waits for a start first.
 */
export async function followLog(s: FollowSubject, files: FollowedFiles, onRecord: RecordSink, o: { signal?: AbortSignal; untilNextExit?: boolean }): Promise<void> {
  const tracker = coalesced(() => files.track());
  const reader = coalesced(async () => { await tracker.idle(); await files.read(onRecord, o.signal); });
  const kick = () => { tracker.kick(); reader.kick(); };
  await new Promise<void>((resolve) => {
    const name = basename(files.path);
    const watcher = (() => {
      try { return watch(dirname(files.path), (_e, f) => { if (f?.toString().startsWith(name)) kick(); }); } catch { return undefined; }
    })();
    const poll = setInterval(kick, 250);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      off();
      watcher?.close();
      clearInterval(poll);
      o.signal?.removeEventListener('abort', finish);
      kick();
      void reader.idle().then(resolve);
    };
    const off = s.onOutputEnd(finish);
    o.signal?.addEventListener('abort', finish);
    if (o.signal?.aborted || (!o.untilNextExit && !s.running())) finish(); // checked after subscribing: an exit cannot slip between
    else kick();
  });
  await files.close();
}
