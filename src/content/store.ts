/**
 * The content-addressed blob store: `<root>/blobs/sha256/<hex>`. Writes go to `<root>/ingest/<random>`
 * while the digest is computed, are fsynced, checked against the expected digest and only then renamed
 * into place, so a blob is visible only when complete and correct. Readers need no locks: blobs are
 * immutable once committed. Deletion is the garbage collector's job (metadata decides what is referenced).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Digest, digestHex, sha256Digest } from '../oci/digest.js';
import { Digester, DigestMismatchError, SizeMismatchError } from '../util/verify.js';
import { fsyncDir, fsyncPath } from '../util/atomic-file.js';

export interface ContentInfo { digest: Digest; size: number }

/** Reads blobs. */
export interface ContentProvider {
  info(digest: Digest): Promise<ContentInfo | undefined>;
  read(digest: Digest): Promise<Readable>;
  readBytes(digest: Digest): Promise<Buffer>;
}

/** Writes blobs. */
export interface ContentIngester {
  /** Streams `input` into the store; verifies `expected` (digest and size) when given. */
  ingest(input: Readable, expected?: { digest?: Digest; size?: number }): Promise<ContentInfo>;
  put(data: Buffer, expected?: Digest): Promise<ContentInfo>;
}

/** Lists and deletes blobs (for the garbage collector). */
export interface ContentManager {
  /** Every committed blob with its size. */
  list(): Promise<ContentInfo[]>;
  delete(digest: Digest): Promise<void>;
}

export interface ContentStore extends ContentProvider, ContentIngester, ContentManager {
  /** Filesystem path of a committed blob (for zero-copy sends). */
  path(digest: Digest): string;
  /** A fresh path for scratch files beside the blobs; leftovers go at the next start. */
  scratchPath(): string;
}

export class BlobNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(readonly digest: Digest) {
    super(`blob ${digest} not found`);
  }
}

export class LocalContentStore implements ContentStore {
  readonly #blobs: string;
  readonly #ingest: string;

  constructor(root: string) {
    this.#blobs = join(root, 'blobs', 'sha256');
    this.#ingest = join(root, 'ingest');
  }

  /** Creates directories and removes leftovers of interrupted ingests. */
  async init(): Promise<void> {
    await rm(this.#ingest, { recursive: true, force: true });
    await mkdir(this.#blobs, { recursive: true });
    await mkdir(this.#ingest, { recursive: true });
  }

  path(digest: Digest): string {
    return join(this.#blobs, digestHex(digest));
  }

  async info(digest: Digest): Promise<ContentInfo | undefined> {
    try {
      const st = await stat(this.path(digest));
      return { digest, size: st.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async read(digest: Digest): Promise<Readable> {
    if (!(await this.info(digest))) throw new BlobNotFoundError(digest);
    return createReadStream(this.path(digest));
  }

  async readBytes(digest: Digest): Promise<Buffer> {
    const fh = await open(this.path(digest), 'r').catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new BlobNotFoundError(digest) : e;
    });
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  async put(data: Buffer, expected?: Digest): Promise<ContentInfo> {
    const digest = sha256Digest(data);
    if (expected && expected !== digest) throw new DigestMismatchError(expected, digest);
    const existing = await this.info(digest);
    if (existing) return existing;
    return this.ingest(Readable.from([data]), { digest, size: data.length });
  }

  async ingest(input: Readable, expected: { digest?: Digest; size?: number } = {}): Promise<ContentInfo> {
    const tmp = join(this.#ingest, randomBytes(8).toString('hex'));
    const digester = new Digester();
    try {
      const out = createWriteStream(tmp, { flags: 'wx' });
      await pipeline(input, digester, out);
      await fsyncPath(tmp);
      const digest = digester.digest();
      if (expected.size !== undefined && digester.size !== expected.size) throw new SizeMismatchError(expected.size, digester.size);
      if (expected.digest && expected.digest !== digest) throw new DigestMismatchError(expected.digest, digest);
      await rename(tmp, this.path(digest));
      await fsyncDir(this.#blobs);
      return { digest, size: digester.size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async list(): Promise<ContentInfo[]> {
    const out: ContentInfo[] = [];
    for (const name of await readdir(this.#blobs)) {
      if (!/^[a-f0-9]{64}$/.test(name)) continue;
      const st = await stat(join(this.#blobs, name)).catch(() => undefined);
      if (st) out.push({ digest: `sha256:${name}` as Digest, size: st.size });
    }
    return out;
  }

  /** A fresh path for scratch files on the store's filesystem, removed at the next `init`. */
  scratchPath(): string {
    return join(this.#ingest, `scratch-${randomBytes(8).toString('hex')}`);
  }

  async delete(digest: Digest): Promise<void> {
    await rm(this.path(digest), { force: true });
  }
}
