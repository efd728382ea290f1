/**
 * ADD of a URL, as moby's legacy builder does it: the body is downloaded (to a temp file beside the
 * context, never whole in memory), named after the URL path's last element (else the
 * Content-Disposition filename), written 0600 with the Last-Modified time, never unpacked. Its
 * sha256 is the step's checksum; `--checksum=sha256:…` (BuildKit) must match it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, chown, copyFile, lstat, rm, utimes } from 'node:fs/promises';
import { posix, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { ensureWorkingDir, resolveInRoot } from '../../runtime/spec/in-root.js';
import { limitSize } from '../../util/verify.js';
import type { CopyOptions } from './copy-into.js';

/** The largest body ADD downloads. */
const MAX_BYTES = 8 * 1024 ** 3;

export class AddUrlError extends Error {
  readonly code = 'BUILD_ADD_URL';
}

export interface FetchedUrl {
  sha256: string;
  /** Writes the file into a step's root at `dest` (a container path), then forgets the download. */
  writeInto(root: string, dest: string, o: CopyOptions): Promise<void>;
}

export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/** moby's filename rule: the URL path's base, else Content-Disposition's filename. */
function fileName(url: string, disposition: string | undefined, dest: string): string {
  const base = posix.basename(new URL(url).pathname);
  if (base && base !== '/' && base !== '.') return base;
  const m = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  if (m) return posix.basename(decodeURIComponent(m[1]!));
  if (dest.endsWith('/')) throw new AddUrlError(`cannot determine filename for source ${url}`);
  return '__unnamed__';
}

/** Downloads `url` into the build's scratch directory (removed with the build); the result writes it where ADD puts it. */
export async function fetchUrl(url: string, dest: string, o: { scratch: string; checksum?: string; signal?: AbortSignal }): Promise<FetchedUrl> {
  const res = await request(url, { method: 'GET', maxRedirections: 10, ...(o.signal ? { signal: o.signal } : {}) }).catch((e: Error) => {
    throw new AddUrlError(`failed to GET ${url}: ${e.message}`);
  });
  if (res.statusCode < 200 || res.statusCode >= 300) {
    await res.body.dump();
    throw new AddUrlError(`failed to GET ${url} with status ${res.statusCode}`);
  }
  const header = (k: string) => { const v = res.headers[k]; return Array.isArray(v) ? v[0] : v; };
  const name = fileName(url, header('content-disposition'), dest);
  const tmp = join(o.scratch, `add-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  const digest = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); cb(null, chunk); } });
  try {
    await pipeline(res.body, limitSize(MAX_BYTES, url), digest, createWriteStream(tmp, { mode: 0o600 }));
  } catch (e) {
    await rm(tmp, { force: true });
    throw new AddUrlError(`failed to download ${url}: ${(e as Error).message}`);
  }
  const sha256 = hash.digest('hex');
  if (o.checksum && o.checksum !== `sha256:${sha256}`) {
    await rm(tmp, { force: true });
    throw new AddUrlError(`digest mismatch for ${url}: ${o.checksum} != sha256:${sha256}`);
  }
  const modified = header('last-modified') ? new Date(header('last-modified')!) : new Date(0);
  return {
    sha256,
    async writeInto(root, to, copy) {
      try {
        const dir = to.endsWith('/') ? to : posix.dirname(to);
        const file = to.endsWith('/') ? posix.join(to, name) : to;
        await ensureWorkingDir(root, dir);
        const host = await resolveInRoot(root, file);
        if ((await lstat(host).catch(() => undefined))?.isSymbolicLink()) await rm(host);
        await copyFile(tmp, host);
        await chmod(host, copy.mode ?? 0o600);
        await chown(host, copy.owner.uid, copy.owner.gid);
        await utimes(host, modified, Number.isNaN(modified.getTime()) ? new Date(0) : modified);
      } finally {
        await rm(tmp, { force: true });
      }
    },
  };
}
