/** Copy-up on a real filesystem: owners, modes, symlinks, hardlinks and xattrs come along. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, link, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyUp } from './copy-up.js';
import { lgetxattr, lsetxattr } from '../sys/libc.js';

async function withDirs(fn: (src: string, vol: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-copyup-'));
  try {
    await mkdir(join(root, 'src'));
    await mkdir(join(root, 'vol'));
    await fn(join(root, 'src'), join(root, 'vol'));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('an empty volume gets the tree, its root the owner and mode of the image\'s dir', () => withDirs(async (src, vol) => {
  await mkdir(join(src, 'sub'));
  await writeFile(join(src, 'sub', 'f'), 'data');
  await chown(join(src, 'sub', 'f'), 1234, 5678);
  await chmod(join(src, 'sub', 'f'), 0o640);
  await symlink('../outside', join(src, 'link'));
  await link(join(src, 'sub', 'f'), join(src, 'hard'));
  lsetxattr(join(src, 'sub', 'f'), 'user.wharf', Buffer.from('x'));
  await chown(src, 99, 98);
  await chmod(src, 0o1750);
  assert.equal(await copyUp(src, vol), true);
  assert.deepEqual((await readdir(vol)).sort(), ['hard', 'link', 'sub']);
  const f = await lstat(join(vol, 'sub', 'f'));
  assert.deepEqual([f.uid, f.gid, f.mode & 0o7777, f.nlink], [1234, 5678, 0o640, 2]);
  assert.equal(await readFile(join(vol, 'hard'), 'utf8'), 'data');
  assert.equal(await readlink(join(vol, 'link')), '../outside');
  assert.equal(lgetxattr(join(vol, 'sub', 'f'), 'user.wharf')?.toString(), 'x');
  const r = await lstat(vol);
  assert.deepEqual([r.uid, r.gid, r.mode & 0o7777], [99, 98, 0o1750]);
}));

test('a volume with content, or no directory in the image, is left alone', () => withDirs(async (src, vol) => {
  await writeFile(join(src, 'f'), 'image');
  await writeFile(join(vol, 'mine'), 'volume');
  assert.equal(await copyUp(src, vol), false);
  assert.deepEqual(await readdir(vol), ['mine']);
  await rm(join(vol, 'mine'));
  assert.equal(await copyUp(join(src, 'missing'), vol), false);
  assert.equal(await copyUp(join(src, 'f'), vol), false, 'a file is no tree to copy');
  assert.deepEqual(await readdir(vol), []);
}));
