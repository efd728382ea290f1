/**
 * Whiteouts and opaque dirs, checked the way they will be used: two applied layers stacked as
 * overlayfs lowerdirs (read-only mount), then the merged view is inspected.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lgetxattr, mount, MS_RDONLY, umount2 } from '../sys/libc.js';
import { applyLayer } from './apply.js';
import { streamOf, tarOf, withTmp, type FixtureEntry } from './fixture-tar.js';

const LOWER: FixtureEntry[] = [
  { name: 'a/x', data: 'x' }, { name: 'a/y', data: 'y' },
  { name: 'd/old', data: 'old' }, { name: 'd/sub/deep', data: 'deep' },
  { name: 'gone/f', data: 'f' }, { name: 'keep', data: 'keep' },
  { name: 'r/old', data: 'old' }, { name: 's/old', data: 'old' }, { name: 't/old', data: 'old' },
];
const UPPER: FixtureEntry[] = [
  { name: 'a/.wh.x', data: '' },
  { name: '.wh.gone', data: '' },
  { name: 'd/', type: 'directory' }, { name: 'd/.wh..wh..opq', data: '' }, { name: 'd/new', data: 'new' },
  { name: '.wh.r', data: '' }, { name: 'r/', type: 'directory' }, { name: 'r/new', data: 'new' },
  { name: 's/', type: 'directory' }, { name: 's/new', data: 'new' }, { name: '.wh.s', data: '' },
  { name: '.wh.t', data: '' }, { name: 't/new', data: 'new' },
  { name: '.wh..wh.plnk/', type: 'directory' },
];

async function withOverlay(lowers: string[], work: string, fn: (merged: string) => Promise<void>): Promise<void> {
  const merged = join(work, 'merged');
  await mkdir(merged);
  mount('overlay', merged, 'overlay', MS_RDONLY, `lowerdir=${lowers.join(':')}`);
  try {
    await fn(merged);
  } finally {
    umount2(merged);
  }
}

describe('whiteouts', () => {
  it('writes overlayfs whiteouts: char device 0:0 and trusted.overlay.opaque', () => withTmp(async (tmp) => {
    await applyLayer(streamOf(tarOf(UPPER)), join(tmp, 'l2'));
    const wh = await lstat(join(tmp, 'l2/a/x'));
    assert.ok(wh.isCharacterDevice());
    assert.equal(wh.rdev, 0);
    assert.deepEqual(lgetxattr(join(tmp, 'l2/d'), 'trusted.overlay.opaque'), Buffer.from('y'));
    await assert.rejects(lstat(join(tmp, 'l2/a/.wh.x')), { code: 'ENOENT' });
    await assert.rejects(lstat(join(tmp, 'l2/.wh..wh.plnk')), { code: 'ENOENT' }, 'AUFS metadata skipped');
  }));

  it('hides deleted files and the lower contents of opaque dirs in a mounted overlay', () => withTmp(async (tmp) => {
    await applyLayer(streamOf(tarOf(LOWER)), join(tmp, 'l1'));
    await applyLayer(streamOf(tarOf(UPPER)), join(tmp, 'l2'));
    await withOverlay([join(tmp, 'l2'), join(tmp, 'l1')], tmp, async (m) => {
      assert.deepEqual((await readdir(join(m, 'a'))).sort(), ['y'], 'a/x deleted');
      assert.deepEqual((await readdir(m)).sort(), ['a', 'd', 'keep', 'r', 's', 't'], 'gone/ deleted');
      assert.deepEqual((await readdir(join(m, 't'))).sort(), ['new'], 't deleted, then made again as a parent');
      assert.deepEqual((await readdir(join(m, 'd'))).sort(), ['new'], 'opaque d hides old and sub/');
      assert.deepEqual((await readdir(join(m, 'r'))).sort(), ['new'], 'r deleted then recreated');
      assert.deepEqual((await readdir(join(m, 's'))).sort(), ['new'], 's recreated, then whiteout of lower s');
      assert.equal(await readFile(join(m, 'keep'), 'utf8'), 'keep');
    });
  }));

  it('keeps a file of the same layer that a later whiteout names', () => withTmp(async (tmp) => {
    await applyLayer(streamOf(tarOf([{ name: 'f', data: 'mine' }, { name: '.wh.f', data: '' }])), join(tmp, 'l'));
    assert.equal(await readFile(join(tmp, 'l/f'), 'utf8'), 'mine');
  }));

  it('rejects a whiteout without a name', () => withTmp(async (tmp) => {
    await assert.rejects(applyLayer(streamOf(tarOf([{ name: 'a/.wh.', data: '' }])), join(tmp, 'l')), { code: 'CORRUPT_LAYER' });
  }));
});
