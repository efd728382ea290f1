/**
 * Upload sessions: `uploads/<id>/data` grows by PATCH chunks and is hashed on the way; the PUT
 * that closes a session checks the digest, fsyncs, and renames the file into the blob store.
 *
 * Invariants:
 * - The data file is the truth. The in-memory running hash is a cache that is rebuilt by hashing
 *   the file when missing (after a restart) — so sessions are resumable across restarts.
 * - A chunk is all-or-nothing: a failed or short chunk truncates the file back and restores the
 *   hash checkpoint taken before it, so offset and hash always describe the same bytes.
 * - One operation at a time per session (KeyedMutex); different sessions run in parallel.
 * - Nothing under `uploads/` is ever visible as a blob; a kill -9 leaves at worst a stale session,
 *   which `purge` removes after `maxAgeMs`.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, fdatasync, type WriteStream } from 'node:fs';
import { mkdir, open, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Digest } from '../../../oci/digest.js';
import { writeJsonAtomic, readJsonIfExists, fsyncPath } from '../../../util/atomic-file.js';
import { KeyedMutex } from '../../../util/keyed-mutex.js';
import { RegistryError } from '../errors.js';
import type { BlobStore } from './blob-store.js';
import { Layout } from './layout.js';
import { isNotFound, listDir, statIfExists } from './fs-util.js';

const ID_RE = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

/** Where a session stands. `offset` is the number of bytes received so far. */
export interface UploadStatus {
  id: string;
  repo: string;
  offset: number;
}

/** Options for one chunk. */
export interface ChunkOptions {
  /** First byte of the chunk (from Content-Range); must equal the current offset. */
  start?: number;
  /** Declared chunk length (Content-Length / Content-Range); a different byte count fails the chunk. */
  length?: number;
  /** Cap on the total upload size in bytes. */
  maxTotal?: number;
}

/** Limits for the session manager. */
export interface UploadManagerOptions {
  /** Most sessions open at once; more → TOOMANYREQUESTS. */
  maxSessions: number;
}

interface SessionState {
  repo: string;
  hash: Hash;
  offset: number;
}

/** Upload session manager. One per registry root and process. */
export class UploadManager {
  readonly #layout: Layout;
  readonly #blobs: BlobStore;
  readonly #opts: UploadManagerOptions;
  readonly #mutex = new KeyedMutex();
  readonly #states = new Map<string, SessionState>();

  constructor(layout: Layout, blobs: BlobStore, opts: UploadManagerOptions) {
    this.#layout = layout;
    this.#blobs = blobs;
    this.#opts = opts;
  }

  /** Opens a new, empty session for `repo`. */
  async create(repo: string): Promise<UploadStatus> {
    if ((await listDir(this.#layout.uploadsDir)).length >= this.#opts.maxSessions) {
      throw new RegistryError('TOOMANYREQUESTS', { detail: 'too many open upload sessions', headers: { 'Retry-After': '10' } });
    }
    const id = randomUUID();
    const dir = this.#layout.uploadDir(id);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'data'), '');
    await writeJsonAtomic(join(dir, 'info.json'), { repo, startedAt: Date.now() });
    this.#states.set(id, { repo, hash: createHash('sha256'), offset: 0 });
    return { id, repo, offset: 0 };
  }

  /** Current status; BLOB_UPLOAD_UNKNOWN when there is no such session for `repo`. */
  async status(id: string, repo: string): Promise<UploadStatus> {
    return this.#mutex.run(id, async () => {
      const st = await this.#state(id, repo);
      return { id, repo, offset: st.offset };
    });
  }

  /** Appends one chunk (PATCH). RANGE_INVALID (416) when it does not start at the current offset. */
  async append(id: string, repo: string, body: Readable, opts: ChunkOptions = {}): Promise<UploadStatus> {
    return this.#mutex.run(id, async () => {
      const st = await this.#state(id, repo);
      await this.#appendLocked(id, st, body, opts);
      return { id, repo, offset: st.offset };
    });
  }

  /**
   * Closes the session (PUT): appends the optional final chunk, checks the digest, commits the blob.
   * On a digest mismatch the session is cancelled and DIGEST_INVALID thrown (as distribution does).
   */
  async complete(id: string, repo: string, expected: Digest, body?: Readable, opts: ChunkOptions = {}): Promise<Digest> {
    return this.#mutex.run(id, async () => {
      const st = await this.#state(id, repo);
      if (body) await this.#appendLocked(id, st, body, opts);
      const actual = `sha256:${st.hash.copy().digest('hex')}` as Digest;
      const data = join(this.#layout.uploadDir(id), 'data');
      if (actual !== expected) {
        await this.#remove(id);
        throw new RegistryError('DIGEST_INVALID', { detail: { expected, actual } });
      }
      await fsyncPath(data);
      await this.#blobs.ingest(data, actual);
      await this.#remove(id);
      return actual;
    });
  }

  /** Cancels a session (DELETE on the upload URL). */
  async cancel(id: string, repo: string): Promise<void> {
    await this.#mutex.run(id, async () => {
      await this.#state(id, repo);
      await this.#remove(id);
    });
  }

  /** Removes sessions older than `maxAgeMs`; returns how many. */
  async purge(maxAgeMs: number, now = Date.now()): Promise<number> {
    let n = 0;
    for (const id of await listDir(this.#layout.uploadsDir)) {
      const info = await readJsonIfExists<{ startedAt: number }>(join(this.#layout.uploadDir(id), 'info.json')).catch(() => undefined);
      const started = info?.startedAt ?? (await statIfExists(this.#layout.uploadDir(id)))?.mtimeMs ?? 0;
      if (now - started < maxAgeMs) continue;
      await this.#mutex.run(id, () => this.#remove(id));
      n++;
    }
    return n;
  }

  async #appendLocked(id: string, st: SessionState, body: Readable, opts: ChunkOptions): Promise<void> {
    if (opts.start !== undefined && opts.start !== st.offset) {
      body.resume();
      throw new RegistryError('RANGE_INVALID', { headers: rangeHeader(st.offset), detail: { offset: st.offset } });
    }
    const checkpoint = { hash: st.hash.copy(), offset: st.offset };
    const data = join(this.#layout.uploadDir(id), 'data');
    let seen = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _e, cb) {
        seen += chunk.length;
        if (opts.maxTotal !== undefined && checkpoint.offset + seen > opts.maxTotal) {
          return cb(new RegistryError('SIZE_INVALID', { status: 413, detail: 'blob too large' }));
        }
        st.hash.update(chunk);
        cb(null, chunk);
      },
    });
    const out = createWriteStream(data, { flags: 'r+', start: checkpoint.offset, highWaterMark: 1 << 20 });
    const flusher = new EarlyFlush(out);
    counter.on('data', (c: Buffer) => flusher.wrote(c.length));
    try {
      await pipeline(body, counter, out);
      await flusher.settle();
      if (opts.length !== undefined && seen !== opts.length) {
        throw new RegistryError('SIZE_INVALID', { detail: { declared: opts.length, received: seen } });
      }
      st.offset = checkpoint.offset + seen;
    } catch (e) {
      await truncate(data, checkpoint.offset).catch(() => {});
      st.hash = checkpoint.hash;
      st.offset = checkpoint.offset;
      throw e;
    }
  }

  async #state(id: string, repo: string): Promise<SessionState> {
    const unknown = () => new RegistryError('BLOB_UPLOAD_UNKNOWN', { detail: { id } });
    if (!ID_RE.test(id)) throw unknown();
    const cached = this.#states.get(id);
    if (cached) {
      if (cached.repo !== repo) throw unknown();
      return cached;
    }
    const info = await readJsonIfExists<{ repo: string }>(join(this.#layout.uploadDir(id), 'info.json')).catch(() => undefined);
    if (!info || info.repo !== repo) throw unknown();
    const st = await rehash(join(this.#layout.uploadDir(id), 'data'), repo).catch((e: unknown) => {
      throw isNotFound(e) ? unknown() : e;
    });
    this.#states.set(id, st);
    return st;
  }

  async #remove(id: string): Promise<void> {
    this.#states.delete(id);
    await rm(this.#layout.uploadDir(id), { recursive: true, force: true });
  }
}

/** `Range: 0-<last byte>` as the spec wants it (`0-0` for an empty session, like distribution). */
export function rangeHeader(offset: number): Record<string, string> {
  return { Range: `0-${Math.max(0, offset - 1)}` };
}

async function rehash(path: string, repo: string): Promise<SessionState> {
  const hash = createHash('sha256');
  let offset = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    offset += (chunk as Buffer).length;
  }
  return { repo, hash, offset };
}

/**
 * Starts writeback of a big upload while it is still arriving (an fdatasync every FLUSH_EVERY
 * bytes, one at a time, not awaited), so the fsync at commit has little left to do.
 */
class EarlyFlush {
  static readonly FLUSH_EVERY = 32 << 20;
  readonly #out: WriteStream;
  #since = 0;
  #pending?: Promise<void>;
  constructor(out: WriteStream) {
    this.#out = out;
  }
  wrote(n: number): void {
    this.#since += n;
    const fd = (this.#out as unknown as { fd: number | null }).fd;
    if (this.#since < EarlyFlush.FLUSH_EVERY || this.#pending || typeof fd !== 'number') return;
    this.#since = 0;
    this.#pending = new Promise<void>((resolve) => fdatasync(fd, () => resolve())).finally(() => (this.#pending = undefined));
  }
  async settle(): Promise<void> {
    await this.#pending;
  }
}
