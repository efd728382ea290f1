/**
 * diffTar and treeTar: deterministic bytes, round trips through applyLayer and GNU tar, and the
 * overlayfs → OCI translation of a real upper dir (changes made through a mounted overlay).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import tar from 'tar-stream';
import { lgetxattr, lsetxattr, mount, umount2 } from '../sys/libc.js';
import { applyLayer } from './apply.js';
import { diffTar } from './diff.js';
import { streamOf, tarOf, withTmp, type FixtureEntry } from './fixture-tar.js';
import { treeTar } from './tree-tar.js';

async function collect(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function names(buf: Buffer): Promise<string[]> {
  const out: string[] = [];
  const ex = tar.extract();
  ex.on('entry', (h, s, next) => { out.push(h.name); s.on('end', () => next()); s.resume(); });
  ex.end(buf);
  await new Promise<void>((resolve, reject) => ex.on('finish', () => resolve()).on('error', reject));
  return out;
}

/** `find` listing of a tree: the attributes both a round trip and GNU tar must keep (mtimes in whole seconds). */
function listing(dir: string): string {
  return execFileSync('find', ['.', '-mindepth', '1', '-printf', '%p %y %m %U %G %T@ %s %l %n\\n'], { cwd: dir })
    .toString().replace(/(\d)\.\d+ /g, '$1 ').split('\n').sort().join('\n');
}

const cap = Buffer.from('0100000200200000000000000000000000000000', 'hex');
// Every directory is listed: one made implicitly would carry the time of extraction, and two extractions
// a second apart would then differ.
const TREE: FixtureEntry[] = [
  { name: 'bin/', type: 'directory', mode: 0o755, mtime: 1_500_000_000 },
  { name: 'dev/', type: 'directory', mode: 0o755 },
  { name: 'run/', type: 'directory', mode: 0o755 },
  { name: 'deep/', type: 'directory', mode: 0o755 },
  { name: `deep/${'n'.repeat(150)}/`, type: 'directory', mode: 0o755 },
  { name: 'bin/ping', data: 'elf', mode: 0o4755, uid: 0, gid: 3, xattrs: new Map([['security.capability', cap]]) },
  { name: 'bin/ping6', type: 'link', linkname: 'bin/ping' },
  { name: 'bin/sh', type: 'symlink', linkname: 'busybox', uid: 2 },
  { name: 'dev/null', type: 'character-device', mode: 0o666, devmajor: 1, devminor: 3 },
  { name: 'dev/sda', type: 'block-device', mode: 0o660, devmajor: 8, devminor: 0 },
  { name: 'run/ctl', type: 'fifo' },
  { name: `deep/${'n'.repeat(150)}/${'m'.repeat(150)}`, data: Buffer.alloc(70_000, 9), uid: 3_000_000 },
  { name: 'big-ids', data: 'x', uid: 65534, gid: 65534, mtime: 1 },
];

describe('treeTar', () => {
  it('is deterministic and round-trips through applyLayer', () => withTmp(async (tmp) => {
    await applyLayer(streamOf(tarOf(TREE)), join(tmp, 'a'));
    await new Promise((r) => setTimeout(r, 1100)); // b's extraction a second later than a's
    await applyLayer(streamOf(tarOf(TREE)), join(tmp, 'b'));
    const [ta, ta2, tb] = await Promise.all([collect(treeTar(join(tmp, 'a'))), collect(treeTar(join(tmp, 'a'))),
      collect(treeTar(join(tmp, 'b')))]);
    assert.ok(ta.equals(ta2), 'same tree, same bytes');
    assert.ok(ta.equals(tb), 'equal trees in different dirs, same bytes');
    await applyLayer(streamOf(ta), join(tmp, 'c'));
    assert.equal(listing(join(tmp, 'c')), listing(join(tmp, 'a')));
    assert.deepEqual(lgetxattr(join(tmp, 'c/bin/ping'), 'security.capability'), cap);
    assert.ok((await names(ta)).every((n) => !n.startsWith('/') && !n.startsWith('./')));
  }));

  it('is read by GNU tar to the same tree', () => withTmp(async (tmp) => {
    await applyLayer(streamOf(tarOf(TREE)), join(tmp, 'a'));
    await writeFile(join(tmp, 'a.tar'), await collect(treeTar(join(tmp, 'a'))));
    await mkdir(join(tmp, 'gnu'));
    execFileSync('tar', ['--xattrs', '--xattrs-include=*', '-xpf', join(tmp, 'a.tar'), '-C', join(tmp, 'gnu')]);
    assert.equal(listing(join(tmp, 'gnu')), listing(join(tmp, 'a')));
    assert.deepEqual(lgetxattr(join(tmp, 'gnu/bin/ping'), 'security.capability'), cap);
  }));

  it('rejects when aborted', () => withTmp(async (tmp) => {
    await applyLayer(streamOf(tarOf(TREE)), join(tmp, 'a'));
    await assert.rejects(collect(treeTar(join(tmp, 'a'), { signal: AbortSignal.abort() })), { name: 'AbortError' });
  }));
});

describe('diffTar', () => {
  it('turns an overlay upper dir into an OCI layer that reproduces the changes', () => withTmp(async (tmp) => {
    const lower = join(tmp, 'lower');
    await applyLayer(streamOf(tarOf([{ name: 'a/x', data: 'x' }, { name: 'a/y', data: 'y' },
      { name: 'd/old', data: 'old' }, { name: 'd/sub/deep', data: 'deep' }])), lower);
    const [upper, work, merged] = ['upper', 'work', 'merged'].map((n) => join(tmp, n)) as [string, string, string];
    await Promise.all([mkdir(upper), mkdir(work), mkdir(merged)]);
    mount('overlay', merged, 'overlay', 0, `lowerdir=${lower},upperdir=${upper},workdir=${work}`);
    try {
      await unlink(join(merged, 'a/x'));
      await rm(join(merged, 'd'), { recursive: true });
      await mkdir(join(merged, 'd'));
      await writeFile(join(merged, 'd/new'), 'new');
      await writeFile(join(merged, 'top'), 'top');
    } finally {
      umount2(merged);
    }
    const layer = await collect(diffTar(upper));
    assert.ok(layer.equals(await collect(diffTar(upper))), 'deterministic');
    const entries = await names(layer);
    assert.ok(entries.includes('a/.wh.x'), `whiteout entry in ${entries.join(',')}`);
    assert.ok(entries.includes('d/.wh..wh..opq'), 'opaque marker');
    assert.ok(!entries.some((n) => n.includes('work')));
    await applyLayer(streamOf(layer), join(tmp, 'l2'));
    await mkdir(join(tmp, 'view'));
    mount('overlay', join(tmp, 'view'), 'overlay', 1, `lowerdir=${join(tmp, 'l2')}:${lower}`);
    try {
      assert.deepEqual((await readdir(join(tmp, 'view/a'))).sort(), ['y']);
      assert.deepEqual((await readdir(join(tmp, 'view/d'))).sort(), ['new']);
      assert.equal(await readFile(join(tmp, 'view/top'), 'utf8'), 'top');
    } finally {
      umount2(join(tmp, 'view'));
    }
    const sha = createHash('sha256').update(layer).digest('hex');
    assert.match(sha, /^[0-9a-f]{64}$/);
  }));

  for (const xattr of ['trusted.overlay.redirect', 'trusted.overlay.metacopy']) {
    it(`refuses an upper dir with ${xattr} (its diff would be incomplete)`, () => withTmp(async (tmp) => {
      await mkdir(join(tmp, 'upper/d'), { recursive: true });
      await writeFile(join(tmp, 'upper/d/f'), 'f');
      lsetxattr(join(tmp, xattr.endsWith('redirect') ? 'upper/d' : 'upper/d/f'), xattr, Buffer.from('/x'));
      await assert.rejects(collect(diffTar(join(tmp, 'upper'))), { code: 'OVERLAY_FEATURE' });
    }));
  }
});
