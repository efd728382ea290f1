/**
 * Turns a walked tree into tar bytes: a stream of header blocks and file data, with hardlinks
 * (nlink > 1, same dev+ino) written once as a file and then as links to its first path. The caller
 * decides per node what to write (`plan`), which is how `diffTar` converts overlayfs whiteouts.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { encodeHeader, END_OF_ARCHIVE, padding, type TarHeader } from './tar-header.js';
import { readXattrs, splitDev, walkTree, type TreeNode } from './tree-walk.js';

/** What to write for one node: nothing, the node as it is (then `after` headers), or another header. */
export type Plan = { kind: 'skip' } | { kind: 'node'; after?: TarHeader[] } | { kind: 'replace'; header: TarHeader };

/** Options of `packTree`. */
export interface PackOptions {
  signal?: AbortSignal;
  /** Decides what each node becomes; default: the node as it is. */
  plan?: (node: TreeNode) => Plan;
  /** Include the root itself under this name, and name the rest `top/…` (see `walkTree`). */
  top?: string;
  /** Write every entry with these ids (the docker CLI sends a build context as 0:0). */
  owner?: { uid: number; gid: number };
}

const READ_CHUNK = 256 * 1024;
const SMALL_FILE = 1024 * 1024;

/** Error for a file whose size changed while it was being packed (the tar would be invalid). */
export class FileChangedError extends Error {
  readonly code = 'FILE_CHANGED';
  constructor(readonly path: string) {
    super(`${path} changed size while it was being archived`);
  }
}

/**
 * Streams a tar of the tree under `root` (paths relative, root entry omitted), deterministic for a
 * given tree. Fails with `FILE_CHANGED` if a file changes size while read; `signal` aborts it.
 */
export function packTree(root: string, opts: PackOptions = {}): Readable {
  return Readable.from(generate(root, opts), { objectMode: false, highWaterMark: 1024 * 1024, signal: opts.signal } as object);
}

/** Output is handed on in batches of about this size: a stream chunk per header cost more than the header. */
const BATCH = 1024 * 1024;

async function* generate(root: string, opts: PackOptions): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  const take = (): Buffer => {
    const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    return out;
  };
  for await (const buf of entries(root, opts)) {
    pending.push(buf);
    size += buf.length;
    if (size >= BATCH) yield take();
  }
  if (size > 0) yield take();
}

async function* entries(root: string, opts: PackOptions): AsyncGenerator<Buffer> {
  const links = new Map<string, string>();
  for await (const node of walkTree(root, opts.signal, opts.top)) {
    const plan = opts.plan?.(node) ?? { kind: 'node' };
    if (plan.kind === 'skip') continue;
    if (plan.kind === 'replace') {
      yield encodeHeader(plan.header);
      continue;
    }
    const found = await headerOf(node, links);
    if (!found) continue;
    const header = opts.owner ? { ...found, uid: opts.owner.uid, gid: opts.owner.gid } : found;
    yield encodeHeader(header);
    if (header.type === 'file') yield* fileData(node.abs, header.size ?? 0);
    for (const h of plan.after ?? []) yield encodeHeader(h);
  }
  yield END_OF_ARCHIVE;
}

/** The header of a node as it is on disk; undefined for sockets (tar cannot hold them). */
export async function headerOf(node: TreeNode, links: Map<string, string>): Promise<TarHeader | undefined> {
  const { st } = node;
  const base: TarHeader = {
    name: node.rel, type: 'file', mode: Number(st.mode & 0o7777n), uid: Number(st.uid), gid: Number(st.gid),
    mtime: Number(st.mtimeMs / 1000n), xattrs: readXattrs(node),
  };
  if (st.isDirectory()) return { ...base, type: 'directory' };
  if (st.isSocket()) return undefined;
  if (st.nlink > 1n) {
    const key = `${st.dev}:${st.ino}`;
    const first = links.get(key);
    if (first !== undefined) return { ...base, type: 'link', linkname: first, xattrs: undefined };
    links.set(key, node.rel);
  }
  if (st.isFile()) return { ...base, size: Number(st.size) };
  if (st.isSymbolicLink()) return { ...base, type: 'symlink', linkname: await readlink(node.abs) };
  if (st.isFIFO()) return { ...base, type: 'fifo' };
  return { ...base, type: st.isCharacterDevice() ? 'character-device' : 'block-device', ...splitDev(st.rdev) };
}

/** Data and padding of a regular file; small files are read with direct syscalls (see tree-walk.ts). */
async function* fileData(path: string, size: number): AsyncGenerator<Buffer> {
  if (size <= SMALL_FILE) {
    yield readSmallFile(path, size);
    return;
  }
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    let done = 0;
    while (done < size) {
      const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - done));
      const { bytesRead } = await fh.read(buf, 0, buf.length, done);
      if (bytesRead === 0) throw new FileChangedError(path);
      done += bytesRead;
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
    const extra = await fh.read(Buffer.alloc(1), 0, 1, size);
    if (extra.bytesRead !== 0) throw new FileChangedError(path);
  } finally {
    await fh.close();
  }
  if (size % 512 !== 0) yield padding(size);
}

/** Reads a whole small file plus its zero padding; one extra byte is asked for to see growth. */
function readSmallFile(path: string, size: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const padded = size + padding(size).length;
    // Unzeroed: the data is read over it, and only the padding must be zeros (filled below).
    const buf = Buffer.allocUnsafe(Math.max(padded, size + 1));
    let done = 0;
    while (done <= size) {
      const n = readSync(fd, buf, done, size + 1 - done, done);
      if (n === 0) break;
      done += n;
    }
    if (done !== size) throw new FileChangedError(path);
    buf.fill(0, size, padded);
    return buf.subarray(0, padded);
  } finally {
    closeSync(fd);
  }
}
