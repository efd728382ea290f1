/**
 * Rotation of the logs of running containers. conmon cannot keep old files (its own size cap
 * replaces the file with an empty one), so the daemon rotates: when the live file reaches max-size,
 * `<log>.N-1` … `<log>.1` move one up (the oldest falls off), the live file becomes `<log>.1`
 * (conmon keeps writing into it meanwhile), and conmon is told to open a new live file
 * (runtime.reopenLog). Readers follow the rename (follow.ts). While the daemon is down a log can
 * outgrow max-size; the next start rotates it at once.
 *
 * The check runs on every change notification of the live file (at most every THROTTLE_MS, the last
 * one never dropped) and every CHECK_MS. A file outgrows max-size by what the container writes
 * between the check that finds it full and conmon's reopen. So the check and the moves before the
 * reopen are synchronous on purpose: a stat, a few renames and a FIFO write take microseconds, but
 * each, made async, waits for a threadpool slot and an event-loop turn (5–50 ms each while a reader
 * streams a burst) with conmon writing on into the old file. Deleting (slow for big files) comes
 * after the reopen. Files move only when conmon is there to reopen (its FIFO opens); one that is
 * exiting may still miss the request, so the exit makes sure a live file is there (`settle`).
 */
import { renameSync, statSync, watch, type FSWatcher } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { KeyedMutex } from '../../../util/keyed-mutex.js';
import type { LogLimits } from './policy.js';
import { logFiles, rotatedName } from './files.js';
import { catchUp } from './follow.js';

/** How often a log is checked besides the change notifications (a safety net: a stat every 250 ms per running container). */
const CHECK_MS = 250;
/** The shortest time between two checks prompted by change notifications. */
const THROTTLE_MS = 20;

interface Watched { stop(): void }

export class LogRotator {
  readonly #watched = new Map<string, Watched>();
  readonly #mutex = new KeyedMutex();

  /** @param reopen asks the container's monitor to open a new live file right after `moves` (runtime.reopenLog). */
  constructor(readonly reopen: (id: string, moves: () => void) => Promise<void>) {}

  /** Starts keeping container `id`'s log at `path` within `limits` (replaces an earlier watch). */
  watch(id: string, path: string, limits: LogLimits): void {
    this.unwatch(id);
    if (limits.maxSize <= 0) return;
    let last = 0;
    let pending: NodeJS.Timeout | undefined;
    const run = () => {
      pending = undefined;
      last = Date.now();
      void this.#mutex.run(id, () => this.rotateIfFull(id, path, limits)).catch(() => undefined);
    };
    const check = () => {
      if (pending) return;
      const wait = last + THROTTLE_MS - Date.now();
      if (wait <= 0) run();
      else pending = setTimeout(run, wait);
    };
    const name = basename(path);
    let watcher: FSWatcher | undefined;
    try { watcher = watch(dirname(path), (_e, f) => { if (f?.toString() === name) check(); }); } catch { /* the timer still checks */ }
    const timer = setInterval(check, CHECK_MS).unref();
    this.#watched.set(id, { stop: () => { watcher?.close(); clearInterval(timer); clearTimeout(pending); } });
    check();
  }

  unwatch(id: string): void {
    this.#watched.get(id)?.stop();
    this.#watched.delete(id);
  }

  /**
   * Stops watching a container whose monitor is gone, and leaves its log with a live file, as
   * Docker always has one: a rotation that came between the container's last write and its
   * monitor's exit had no reopen after it.
   */
  async settle(id: string, path: string): Promise<void> {
    this.unwatch(id);
    await this.#mutex.run(id, async () => (await open(path, 'a')).close()).catch(() => undefined);
  }

  /** Rotates when the live file has reached max-size. */
  async rotateIfFull(id: string, path: string, limits: LogLimits): Promise<boolean> {
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size < limits.maxSize) return false;
    return rotate(path, limits.maxFiles, (moves) => this.reopen(id, moves));
  }

  close(): void {
    for (const id of [...this.#watched.keys()]) this.unwatch(id);
  }
}

/**
 * Rotates, through `reopen`, which runs the moves then asks for the reopen, synchronously, or
 * rejects without moving anything when the monitor is gone. The moves: the oldest kept file goes
 * aside, the others shift up one, the live one becomes `.1` (with one file kept, it goes aside too).
 * Then what went aside is deleted, with any file beyond max-file (it was lowered since they were
 * made). False when nothing moved.
 */
export async function rotate(path: string, maxFiles: number, reopen: (moves: () => void) => Promise<void>): Promise<boolean> {
  const aside = `${path}.rotated-out`;
  let moved = false;
  const moves = () => {
    catchUp(path); // followers hold every file they have still to read before any moves or goes
    moveIfThere(maxFiles >= 2 ? rotatedName(path, maxFiles - 1) : path, aside);
    for (let i = maxFiles - 2; i >= 1; i--) moveIfThere(rotatedName(path, i), rotatedName(path, i + 1));
    if (maxFiles >= 2) renameSync(path, rotatedName(path, 1));
    moved = true;
  };
  await reopen(moves).catch(() => undefined);
  if (!moved) return false;
  await rm(aside, { force: true });
  for (const f of logFiles(path).slice(0, -1)) {
    if (Number(f.slice(path.length + 1)) >= maxFiles) await rm(f, { force: true });
  }
  return true;
}

function moveIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
