/**
 * One writer per tar entry type, chosen from a table. Metadata and small files use direct (sync)
 * syscalls: measured with bench/unpack.ts, a thread-pool round trip per call cost ~5x the call. Each creates its entry through `TargetTree`
 * (never following a symlink), then sets ownership, mode (after chown: chown clears setuid/setgid),
 * xattrs (after chown: chown clears `security.capability`) and times. Directory times are set at the
 * end by `TargetTree.finish`, after their contents.
 */
import {
  chmodSync, closeSync, constants, fchmodSync, fchownSync, futimesSync, lchownSync, linkSync, lutimesSync, mkdirSync,
  openSync, symlinkSync, writeSync, writevSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { mknod, S_IFBLK, S_IFCHR, S_IFIFO } from '../sys/libc.js';
import type { EntryMeta } from './entry-meta.js';
import { CorruptLayerError, UnsafeLayerError } from './errors.js';
import { normalizeEntryPath, parentOf } from './safe-path.js';
import type { TargetTree } from './target-tree.js';
import { applyXattrs } from './xattrs.js';

/** A parsed tar entry, its path already normalised and checked. */
export interface LayerEntry {
  /** Name as written in the tar (for error messages). */
  name: string;
  rel: string;
  type: EntryType;
  linkname: string;
  size: number;
  devmajor: number;
  devminor: number;
  meta: EntryMeta;
}

/** Entry types a layer may hold (tar-stream's names; `contiguous-file` is read as `file`). */
export type EntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';

/** How a writer may hand work to the background: files finish their data behind the parser. */
export interface WriteContext {
  tree: TargetTree;
}

type Writer = (ctx: WriteContext, e: LayerEntry, data: AsyncIterable<Buffer>) => Promise<void>;

const FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
/** Files up to this size are buffered and written with direct syscalls; larger ones are streamed. */
const SMALL_FILE = 1024 * 1024;

async function writeFile(ctx: WriteContext, e: LayerEntry, data: AsyncIterable<Buffer>): Promise<void> {
  await ctx.tree.prepare(e.rel, e.name, false);
  if (e.size <= SMALL_FILE) {
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(chunk);
    let fd = -1;
    await ctx.tree.create(e.rel, async () => {
      fd = openSync(ctx.tree.abs(e.rel), FILE_FLAGS, 0o600);
    });
    finishFileSync(fd, ctx.tree.abs(e.rel), e.meta, chunks);
    return;
  }
  await writeLargeFile(ctx, e, data);
}

/**
 * Writes a small file's data and attributes with direct syscalls, then closes `fd`. Measured: a
 * thread-pool round trip per syscall costs more than the syscall itself (bench/unpack.ts).
 */
function finishFileSync(fd: number, path: string, meta: EntryMeta, chunks: Buffer[]): void {
  try {
    if (chunks.length > 0) writevAll(fd, chunks);
    fchownSync(fd, meta.uid, meta.gid);
    fchmodSync(fd, meta.mode);
    applyXattrs(path, meta.xattrs, false);
    futimesSync(fd, meta.atime, meta.mtime);
  } finally {
    closeSync(fd);
  }
}

function writevAll(fd: number, chunks: Buffer[]): void {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  let done = writevSync(fd, chunks);
  if (done === total) return;
  const all = Buffer.concat(chunks);
  while (done < total) done += writeSync(fd, all, done, total - done);
}

async function writeLargeFile(ctx: WriteContext, e: LayerEntry, data: AsyncIterable<Buffer>): Promise<void> {
  const path = ctx.tree.abs(e.rel);
  let fh: FileHandle | undefined;
  await ctx.tree.create(e.rel, async () => {
    fh = await open(path, FILE_FLAGS, 0o600);
  });
  const handle = fh!;
  try {
    for await (const chunk of data) {
      for (let done = 0; done < chunk.length;) done += (await handle.write(chunk, done)).bytesWritten;
    }
    await handle.chown(e.meta.uid, e.meta.gid);
    await handle.chmod(e.meta.mode);
    applyXattrs(path, e.meta.xattrs, false);
    await handle.utimes(e.meta.atime, e.meta.mtime);
  } finally {
    await handle.close();
  }
}

async function writeDir(ctx: WriteContext, e: LayerEntry): Promise<void> {
  const path = ctx.tree.abs(e.rel);
  const prepared = await ctx.tree.prepare(e.rel, e.name, true);
  if (prepared === 'create') {
    const wasWhiteout = await ctx.tree.create(e.rel, async () => void mkdirSync(path, 0o700));
    ctx.tree.addDir(e.rel, e.meta.atime, e.meta.mtime, true);
    if (wasWhiteout) ctx.tree.setOpaque(e.rel);
  } else {
    ctx.tree.addDir(e.rel, e.meta.atime, e.meta.mtime);
  }
  lchownSync(path, e.meta.uid, e.meta.gid);
  chmodSync(path, e.meta.mode);
  applyXattrs(path, e.meta.xattrs, false);
}

async function writeSymlink(ctx: WriteContext, e: LayerEntry): Promise<void> {
  const path = ctx.tree.abs(e.rel);
  if (e.linkname.includes('\0')) throw new CorruptLayerError(`${e.name}: symlink target with a NUL byte`);
  await ctx.tree.prepare(e.rel, e.name, false);
  await ctx.tree.create(e.rel, async () => symlinkSync(e.linkname, path));
  lchownSync(path, e.meta.uid, e.meta.gid);
  applyXattrs(path, e.meta.xattrs, true);
  lutimesSync(path, e.meta.atime, e.meta.mtime);
}

/**
 * A hardlink's target must be an entry of this layer, reached through real directories only; a
 * directory cannot be a target. link(2) does not follow a symlink target: it links the symlink itself.
 * The link entry's own attributes are ignored (they are the target's), as GNU tar does.
 */
async function writeHardlink(ctx: WriteContext, e: LayerEntry): Promise<void> {
  const target = hardlinkTarget(e);
  if (target === '' || ctx.tree.isDir(target)) throw new CorruptLayerError(`${e.name}: hardlink to a directory`);
  if (!ctx.tree.isDir(parentOf(target))) {
    throw new UnsafeLayerError(e.name, `hardlink target "${e.linkname}" is not inside a directory of this layer`, 'hardlink');
  }
  if (target === e.rel) return;
  await ctx.tree.prepare(e.rel, e.name, false);
  try {
    await ctx.tree.create(e.rel, async () => linkSync(ctx.tree.abs(target), ctx.tree.abs(e.rel)));
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
    throw new CorruptLayerError(`${e.name}: hardlink target "${e.linkname}" does not exist in the layer`, { cause: err });
  }
}

/** The normalised target of a hardlink entry; one that climbs out is a hardlink escape. */
function hardlinkTarget(e: LayerEntry): string {
  try {
    return normalizeEntryPath(e.linkname);
  } catch (err) {
    if (err instanceof UnsafeLayerError) throw new UnsafeLayerError(e.name, `hardlink target "${e.linkname}" climbs out of the root`, 'hardlink');
    throw err;
  }
}

const DEVICE_TYPE: Record<string, number> = { 'character-device': S_IFCHR, 'block-device': S_IFBLK, fifo: S_IFIFO };

async function writeDevice(ctx: WriteContext, e: LayerEntry): Promise<void> {
  const path = ctx.tree.abs(e.rel);
  const typeBits = DEVICE_TYPE[e.type] ?? S_IFIFO;
  await ctx.tree.prepare(e.rel, e.name, false);
  await ctx.tree.create(e.rel, async () => mknod(path, typeBits | 0o600, e.devmajor, e.devminor));
  lchownSync(path, e.meta.uid, e.meta.gid);
  chmodSync(path, e.meta.mode);
  applyXattrs(path, e.meta.xattrs, false);
  lutimesSync(path, e.meta.atime, e.meta.mtime);
}

/** The writer of each entry type. */
export const WRITERS: Record<EntryType, Writer> = {
  file: writeFile,
  directory: writeDir,
  symlink: writeSymlink,
  link: writeHardlink,
  'character-device': writeDevice,
  'block-device': writeDevice,
  fifo: writeDevice,
};
