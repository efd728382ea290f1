/**
 * Rotation of the logs of running containers. conmon cannot keep old files (its own size cap
 * replaces the file with an empty one), so the daemon rotates: when the live file reaches max-size,
 * `<log>.N-1` … `<log>.1` move one up (the oldest falls off), the live file becomes `<log>.1`
 * (conmon keeps writing into it meanwhile), and conmon is told to open a new live file
 * (runtime.reopenLog). Readers follow the rename (reader.ts). While the daemon is down a log can
 * outgrow max-size; the next start rotates it at once.
 */
import { watch, type FSWatcher } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { KeyedMutex } from '../../../util/keyed-mutex.js';
import type { LogLimits } from './policy.js';
import { logFiles, rotatedName } from './files.js';

/** How often a log is checked besides the change notifications (and their throttle). */
const CHECK_MS = 1000;

interface Watched { stop(): void }

export class LogRotator {
  readonly #watched = new Map<string, Watched>();
  readonly #mutex = new KeyedMutex();

  /** @param reopen asks the container's monitor to open a new live file. */
  constructor(readonly reopen: (id: string) => Promise<void>) {}

  /** Starts keeping container `id`'s log at `path` within `limits` (replaces an earlier watch). */
  watch(id: string, path: string, limits: LogLimits): void {
    this.unwatch(id);
    if (limits.maxSize <= 0) return;
    let last = 0;
    const check = () => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      void this.#mutex.run(id, () => this.rotateIfFull(id, path, limits)).catch(() => undefined);
    };
    const name = basename(path);
    let watcher: FSWatcher | undefined;
    try { watcher = watch(dirname(path), (_e, f) => { if (f?.toString() === name) check(); }); } catch { /* the timer still checks */ }
    const timer = setInterval(check, CHECK_MS).unref();
    this.#watched.set(id, { stop: () => { watcher?.close(); clearInterval(timer); } });
    check();
  }

  unwatch(id: string): void {
    this.#watched.get(id)?.stop();
    this.#watched.delete(id);
  }

  /** Rotates when the live file has reached max-size. */
  async rotateIfFull(id: string, path: string, limits: LogLimits): Promise<boolean> {
    const size = (await stat(path).catch(() => undefined))?.size ?? 0;
    if (size < limits.maxSize) return false;
    await rotate(path, limits.maxFiles, () => this.reopen(id));
    return true;
  }

  close(): void {
    for (const id of [...this.#watched.keys()]) this.unwatch(id);
  }
}

/** Shifts the rotated files, turns the live one into `.1` (or drops it when only one file is kept), reopens. */
export async function rotate(path: string, maxFiles: number, reopen: () => Promise<void>): Promise<void> {
  const files = await logFiles(path);
  for (const f of files.slice(0, -1)) {
    const i = Number(f.slice(path.length + 1));
    if (i >= maxFiles - 1) await rm(f, { force: true });
  }
  for (let i = maxFiles - 2; i >= 1; i--) await rename(rotatedName(path, i), rotatedName(path, i + 1)).catch(() => undefined);
  const kept = maxFiles >= 2 ? rotatedName(path, 1) : `${path}.rotating`;
  await rename(path, kept);
  await reopen().catch(() => undefined); // a monitor that is gone writes nothing more
  if (maxFiles < 2) await rm(kept, { force: true });
}
