/**
 * `wharf cp CONTAINER:SRC DEST|-` (the docker CLI's copyFromContainer): `GET …/archive`, then the
 * tar is extracted on the host as moby's CopyTo does: into DEST or its parent, rebased to DEST's
 * name, never replacing a directory by a file or the reverse, owners left as the extracting user's.
 * The extraction has the daemon's rules (archive/extract-local.ts): a hostile container's tar
 * cannot write outside DEST.
 */
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extractInto } from '../../../archive/apply.js';
import { untarText } from '../../../archive/untar-text.js';
import type { CliContext } from '../../context.js';
import { copyInfoDestinationPath, CopyError, getRebaseName, goFsError, prepareArchiveCopy, splitPathDirEntry } from './copy-info.js';
import { ByteCounter, counted, humanSize } from './progress.js';
import { badOutputMode, isDir, isSymlink, statOf, statPath } from './stat.js';
import type { CpConfig } from './config.js';
import { posix } from 'node:path';

export async function copyFromContainer(ctx: CliContext, c: CpConfig): Promise<void> {
  const dstPath = c.destPath === '-' ? '-' : c.resolveLocal(c.destPath);
  if (dstPath !== '-') validateOutputPath(dstPath);
  const t = await ctx.transport();
  let srcPath = c.sourcePath;
  let rebaseName = '';
  if (c.followLink) {
    const st = await statPath(t, c.container, srcPath);
    if (st && isSymlink(st)) {
      const target = st.linkTarget.startsWith('/') ? st.linkTarget : posix.join(splitPathDirEntry(srcPath).dir, st.linkTarget);
      ({ resolved: srcPath, rebaseName } = getRebaseName(srcPath, target));
    }
  }
  const res = await t.request({ method: 'GET', path: `/containers/${encodeURIComponent(c.container)}/archive`, query: { path: srcPath } });
  if (dstPath === '-') return pipeline(res, ctx.io.stdout, { end: false });
  const stat = statOf(res);
  const counter = new ByteCounter();
  const content: Readable = counted(res, counter);
  const plan = prepareArchiveCopy({ path: srcPath, exists: true, isDir: isDir(stat), rebaseName }, copyInfoDestinationPath(dstPath));
  // Both renames of the docker CLI (-L's, then PrepareArchiveCopy's) are done by the extraction itself.
  const renames = [...(rebaseName ? [{ from: splitPathDirEntry(srcPath).base, to: rebaseName }] : []), ...(plan.rebase ? [plan.rebase] : [])];
  try {
    await extractInto(content, plan.dstDir, { noOverwriteDirNonDir: true, owner: 'self', renames });
  } catch (err) {
    res.destroy();
    throw new CopyError(untarText(err, plan.dstDir));
  } finally {
    if (!c.quiet) ctx.err(`Successfully copied ${humanSize(counter.total)} to ${dstPath}\n`);
  }
}

/** The docker CLI's ValidateOutputPath. */
function validateOutputPath(path: string): void {
  const dir = posix.dirname(posix.normalize(path).replace(/(.)\/$/, '$1'));
  if (dir !== '.' && !statSync(dir, { throwIfNoEntry: false })) throw new CopyError(`invalid output path: directory "${dir}" does not exist`);
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    throw goFsError('stat', path, err);
  }
  if (!st || st.isDirectory() || st.isFile()) return;
  const why = st.isBlockDevice() || st.isCharacterDevice() ? 'got a device' : badOutputMode(0);
  if (why) throw new CopyError(`invalid output path: "${path}" must be a directory or a regular file: ${why}`);
}
