/**
 * The build context as `POST /build` brings it: a tar (plain, gzip, bzip2, xz or zstd) unpacked into
 * a private directory with the rules of `docker cp` (archive/extractInto: no traversal, no write
 * through a symlink, links that climb out refused, size capped); then the Dockerfile found as
 * dockerd finds it, and the `.dockerignore` read.
 */
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extractInto } from '../../archive/apply.js';
import { followInScope, hostPath } from '../../runtime/spec/in-root.js';
import { IgnoreMatcher, parseDockerignore } from '../dockerignore/index.js';

/** A context that cannot be used (bad tar, no Dockerfile). */
export class ContextError extends Error {
  readonly code = 'BUILD_CONTEXT';
}

/** Unpacks the context tar into the existing empty directory `dir`. */
export async function receiveContext(input: Readable, dir: string, o: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<void> {
  try {
    // Links that point out of the context stay as they are: COPY follows them inside the context only.
    await extractInto(input, dir, { keepSymlinks: true, ...(o.maxBytes ? { maxBytes: o.maxBytes } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  } catch (e) {
    if (o.signal?.aborted) throw e;
    throw new ContextError(`failed to read the build context: ${(e as Error).message}`, { cause: e });
  }
}

/** A file of the context by its context path, symlinks resolved inside the context; undefined when missing. */
async function readInContext(dir: string, name: string): Promise<string | undefined> {
  try {
    return await readFile(hostPath(dir, followInScope(dir, name)), 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'SCOPE') return undefined;
    throw e;
  }
}

/**
 * The Dockerfile's text (moby's remotecontext detect): `name` inside the context, where the default
 * `Dockerfile` may also be spelled `dockerfile`.
 */
export async function readDockerfile(dir: string, name = 'Dockerfile'): Promise<string> {
  const text = await readInContext(dir, name) ?? (name === 'Dockerfile' ? await readInContext(dir, 'dockerfile') : undefined);
  if (text === undefined) throw new ContextError(`Cannot locate specified Dockerfile: ${name}`);
  if (text.trim() === '') throw new ContextError(`the Dockerfile (${name}) cannot be empty`);
  return text;
}

/** `<Dockerfile>.dockerignore` beside the Dockerfile (BuildKit), else `.dockerignore`; undefined when neither. */
export async function contextIgnore(dir: string, dockerfile = 'Dockerfile'): Promise<IgnoreMatcher | undefined> {
  const text = await readInContext(dir, `${posix.normalize(dockerfile)}.dockerignore`) ?? await readInContext(dir, '.dockerignore');
  return text === undefined ? undefined : new IgnoreMatcher(parseDockerignore(text));
}
