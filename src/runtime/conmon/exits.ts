/**
 * Watches conmon's exit directory: conmon writes `<exitDir>/<id>` (the exit code as text) when a
 * container's process ends, atomically through a temp file `<id>.XXXXXX` that it then renames.
 * Only exact container IDs are reported (touching conmon's temp file would lose the exit);
 * `scan` reports files that appeared while the daemon was down, and runs every few seconds as a
 * safety net for inotify events the kernel dropped. Reporting one exit twice is harmless.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const ID_RE = /^[a-f0-9]{64}$/;

export class ExitMonitor {
  #watcher?: FSWatcher;
  #timer?: NodeJS.Timeout;

  constructor(readonly dir: string, readonly onExit: (id: string) => Promise<void>) {}

  start(rescanMs = 3000): void {
    this.#watcher = watch(this.dir, (_event, name) => {
      if (name && ID_RE.test(name.toString())) this.onExit(name.toString()).catch(() => undefined); // the rescan retries
    });
    this.#timer = setInterval(() => void this.scan().catch(() => undefined), rescanMs).unref();
  }

  /** Handles every exit file present; resolves when all are handled (reconcile relies on it). */
  async scan(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => ID_RE.test(n));
    await Promise.allSettled(names.map((n) => this.onExit(n)));
  }

  stop(): void {
    this.#watcher?.close();
    clearInterval(this.#timer);
  }

}

/** The exit code conmon recorded for `id`, or undefined when the file is absent or not yet complete. */
export async function readExitFile(dir: string, id: string): Promise<number | undefined> {
  const text = await readFile(join(dir, id), 'utf8').catch(() => '');
  return /^-?\d+\s*$/.test(text) ? Number(text) : undefined;
}

export async function clearExitFile(dir: string, id: string): Promise<void> {
  await rm(join(dir, id), { force: true });
}
