/**
 * `wharf cp SRC|- CONTAINER:DEST` (the docker CLI's copyToContainer): DEST is stat'ed first (a
 * symlink is followed once, as the CLI does), the local source is archived as moby's TarResource
 * does (its last element as the top entry), renamed by PrepareArchiveCopy when DEST does not exist
 * or is a file, and sent with `PUT …/archive?path=<the directory to extract into>`.
 */
import type { Readable } from 'node:stream';
import { posix } from 'node:path';
import { pathTarOffThread } from '../../../archive/tree-tar-worker.js';
import type { CliContext } from '../../context.js';
import type { CpConfig } from './config.js';
import { copyInfoSourcePath, CopyError, prepareArchiveCopy, splitPathDirEntry, type CopyInfo } from './copy-info.js';
import { ByteCounter, counted, humanSize } from './progress.js';
import { badOutputMode, isDir, isSymlink, statPath } from './stat.js';

export async function copyToContainer(ctx: CliContext, c: CpConfig): Promise<void> {
  const srcPath = c.sourcePath === '-' ? '-' : c.resolveLocal(c.sourcePath);
  const t = await ctx.transport();
  const dst = await destinationInfo(ctx, c);
  let content: Readable;
  let extractDir: string;
  if (srcPath === '-') {
    if (!dst.isDir) throw new CopyError(`destination "${c.container}:${c.destPath}" must be a directory`);
    content = ctx.io.stdin;
    extractDir = dst.path;
  } else {
    const src = copyInfoSourcePath(srcPath, c.followLink);
    const { dir, base } = splitPathDirEntry(src.path);
    const plan = prepareArchiveCopy(src, dst);
    // PrepareArchiveCopy's rename of the top entry (and so of every name under it) is the tar's top name here.
    content = pathTarOffThread(base === '.' ? `${dir}/.` : posix.join(dir, base), plan.rebase?.to ?? (src.rebaseName || base));
    extractDir = plan.dstDir;
  }
  const counter = new ByteCounter();
  const body = c.quiet ? content : counted(content, counter);
  try {
    const res = await t.request({
      method: 'PUT', path: `/containers/${encodeURIComponent(c.container)}/archive`,
      query: { path: extractDir, copyUIDGID: c.copyUIDGID }, body, headers: { 'Content-Type': 'application/x-tar' },
    });
    res.resume();
  } finally {
    if (!c.quiet) ctx.err(`Successfully copied ${humanSize(counter.total)} to ${c.container}:${dst.path}\n`);
  }
}

/** The destination as the daemon sees it; a failed stat means "does not exist" (the parent may). */
async function destinationInfo(ctx: CliContext, c: CpConfig): Promise<CopyInfo> {
  const t = await ctx.transport();
  const info: CopyInfo = { path: c.destPath, exists: false, isDir: false, rebaseName: '' };
  let st = await statPath(t, c.container, c.destPath);
  if (st && isSymlink(st)) {
    info.path = st.linkTarget.startsWith('/') ? st.linkTarget : posix.join(splitPathDirEntry(c.destPath).dir, st.linkTarget);
    st = await statPath(t, c.container, info.path);
  }
  if (!st) return info;
  const why = badOutputMode(st.mode);
  if (why) throw new CopyError(`destination "${c.container}:${c.destPath}" must be a directory or a regular file: ${why}`);
  return { ...info, exists: true, isDir: isDir(st) };
}
