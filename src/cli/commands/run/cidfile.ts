/**
 * `--cidfile`: docker's container ID file. Claimed before the create request (created exclusively,
 * so a second run with the same file fails at once with docker's message and nothing is created),
 * the ID written when the create succeeds, and the file removed when it does not. It stays after
 * the container ends or is removed, as docker leaves it.
 */
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';

const ERRNO_TEXT: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory', EISDIR: 'is a directory' };

/** A claimed container ID file; `path` undefined when `--cidfile` is not given. */
export class CidFile {
  #fd: number | undefined;
  #written = false;

  private constructor(readonly path: string | undefined, fd: number | undefined) {
    this.#fd = fd;
  }

  /** Claims `path` (nothing for ''); throws docker's errors. */
  static claim(path: string): CidFile {
    if (path === '') return new CidFile(undefined, undefined);
    try {
      return new CidFile(path, openSync(path, 'wx', 0o644));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EEXIST') throw new Error(`container ID file found, make sure the other container isn't running or delete ${path}`);
      throw new Error(`failed to create the container ID file: open ${path}: ${ERRNO_TEXT[err.code ?? ''] ?? err.message}`);
    }
  }

  /** Writes the ID (once the container exists). */
  write(id: string): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, id);
    fsyncSync(this.#fd);
    this.#written = true;
  }

  /** Closes the file; removes it when no ID was written. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    if (!this.#written && this.path) rmSync(this.path, { force: true });
  }
}
