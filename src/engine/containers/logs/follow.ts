/**
 * Following a log as it grows, across rotations. The rotator (rotate.ts) renames the live file to
 * `.1` and conmon then makes a new live file, after it has closed the old one: so once a newer file
 * exists, every older one is complete. Each file is opened as soon as it is seen, and an open file
 * stays readable after it is renamed or deleted: a reader that lags (a slow client, a burst of
 * output) still reads every record once, in order. Looking (`track`) runs apart from reading, so a
 * reader that waits on its client keeps its files; and the rotator makes every follower of a log
 * look (`catchUp`) in its own turn, before it moves files, so no file can be rotated out and
 * deleted between two looks.
 *
 * Held meanwhile: one descriptor per file not yet read to its end (disk space of rotated-out files
 * is freed when the reader passes them).
 */
import { statSync, watch } from 'node:fs';
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
   * (`.1`, `.2` …) never seen (a rotation since the last look; or the last rotation, when conmon is
   * gone and no new live file comes). Synchronous: it runs inside a rotation's turn (`catchUp`).
   */
  track(): void {
    const live = statSync(this.path, { throwIfNoEntry: false });
    if (live && this.#known(live.ino)) return;
    if (this.#files.length > 0) this.#addMissed();
    if (!live) return;
    const c = LogCursor.open(this.path);
    if (c && !this.#known(c.ino)) this.#files.push(c);
    else c?.close();
  }

  /** The rotated files newer than the last known one: `.1` upward until a known (or no) file. */
  #addMissed(): void {
    const missed: LogCursor[] = [];
    for (let i = 1; ; i++) {
      const c = LogCursor.open(rotatedName(this.path, i));
      if (!c || this.#known(c.ino) || missed.some((m) => m.ino === c.ino)) {
        c?.close();
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
      c.close();
      this.#files.shift();
    }
  }

  close(): void {
    for (const c of this.#files.splice(0)) c.close();
  }
}

/** The followers of each log path, so a rotation can make them look first. */
const FOLLOWERS = new Map<string, Set<FollowedFiles>>();

/** Makes every follower of `path` open what it has not seen yet: called by the rotator before it moves files. */
export function catchUp(path: string): void {
  for (const f of FOLLOWERS.get(path) ?? []) f.track();
}

function register(f: FollowedFiles): () => void {
  const set = FOLLOWERS.get(f.path) ?? new Set<FollowedFiles>();
  FOLLOWERS.set(f.path, set);
  set.add(f);
  return () => {
    set.delete(f);
    if (set.size === 0) FOLLOWERS.delete(f.path);
  };
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
  const unregister = register(files);
  const tracker = coalesced(async () => files.track());
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
  unregister();
  files.close();
}
