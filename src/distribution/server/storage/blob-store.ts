/**
 * The shared blob store: content-addressed files under `blobs/sha256/<hh>/<hex>`.
 *
 * Invariants: a file at a blob path always holds exactly the bytes of its digest. Bytes arrive
 * either through `ingest` (a fully written, fsynced and verified upload file is renamed into place)
 * or `putBytes` (small content such as manifests, written temp+fsync+rename). Two concurrent
 * commits of the same digest are safe: both renames carry identical bytes, and the first one wins.
 * Nothing here knows about repositories; repository links live in `RepoStore`.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, utimes, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Digest, sha256Digest } from '../../../oci/digest.js';
import { fsyncDir, writeFileAtomic } from '../../../util/atomic-file.js';
import { Layout, digestFromHex } from './layout.js';
import { listDir, removeIfExists, statIfExists, isNotFound } from './fs-util.js';

/** Read options for a blob: an inclusive byte range. */
export interface BlobReadRange {
  start: number;
  end: number;
}

/** Content-addressed blob files. Safe for concurrent use within and across processes. */
export class BlobStore {
  readonly #layout: Layout;
  constructor(layout: Layout) {
    this.#layout = layout;
  }

  /** Size in bytes, or undefined when the blob is absent. */
  async size(d: Digest): Promise<number | undefined> {
    const st = await statIfExists(this.#layout.blobPath(d));
    return st?.isFile() ? st.size : undefined;
  }

  /** A read stream over the blob (or a range of it). Large buffers: this is the hot path of pulls. */
  open(d: Digest, range?: BlobReadRange): ReadStream {
    return createReadStream(this.#layout.blobPath(d), {
      highWaterMark: 1 << 20,
      ...(range ? { start: range.start, end: range.end } : {}),
    });
  }

  /** The whole blob in memory; for small content (manifests, configs). Undefined when absent. */
  async readSmall(d: Digest, limit: number): Promise<Buffer | undefined> {
    let fh;
    try {
      fh = await open(this.#layout.blobPath(d), 'r');
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
    try {
      const st = await fh.stat();
      if (st.size > limit) throw new Error(`blob ${d} is larger than ${limit} bytes`);
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  /**
   * Moves a verified, fsynced file at `srcPath` (same filesystem) into place as blob `d`.
   * The caller has checked that the file's bytes hash to `d`.
   */
  async ingest(srcPath: string, d: Digest): Promise<void> {
    const target = this.#layout.blobPath(d);
    if (await statIfExists(target)) {
      await removeIfExists(srcPath);
      await this.touch(d);
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(srcPath, target);
    await fsyncDir(dirname(target));
  }

  /** Stores small content; returns its digest. Idempotent. */
  async putBytes(bytes: Buffer): Promise<Digest> {
    const d = sha256Digest(bytes);
    if (await this.size(d) === bytes.length) {
      await this.touch(d);
      return d;
    }
    await writeFileAtomic(this.#layout.blobPath(d), bytes);
    return d;
  }

  /**
   * Marks a blob as recently used (GC spares blobs younger than its grace period) and makes sure
   * it is present, restoring it from GC's trash if a concurrent GC just moved it there.
   * Returns false when the blob exists nowhere.
   */
  async touch(d: Digest): Promise<boolean> {
    const now = new Date();
    const path = this.#layout.blobPath(d);
    try {
      await utimes(path, now, now);
      return true;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    try {
      await mkdir(dirname(path), { recursive: true });
      await rename(this.#layout.trashPath(d), path);
      await utimes(path, now, now);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Every blob digest present (for GC). Skips temp files and junk. */
  async *list(): AsyncGenerator<Digest> {
    for (const shard of await listDir(this.#layout.blobsDir)) {
      for (const name of await listDir(`${this.#layout.blobsDir}/${shard}`)) {
        const d = digestFromHex(name);
        if (d) yield d;
      }
    }
  }

  /** Modification time in ms (last write or touch), or undefined when absent. */
  async mtime(d: Digest): Promise<number | undefined> {
    return (await statIfExists(this.#layout.blobPath(d)))?.mtimeMs;
  }

  /** Moves a blob to GC's trash (atomic); false when it was already gone. */
  async moveToTrash(d: Digest): Promise<boolean> {
    await mkdir(this.#layout.trashDir, { recursive: true });
    try {
      await rename(this.#layout.blobPath(d), this.#layout.trashPath(d));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}
