/**
 * Security regressions of extractInto (`docker cp` into a container, and the host side of a copy
 * out): each case is a hostile tar extracted into tmp/target, a directory with data of its own,
 * beside tmp/outside. Every case checks the typed error, that nothing was written or changed
 * outside, and what Docker keeps on a failure: the target's own data, and the entries before it.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractInto } from './apply.js';
import { OverwriteError, UnsafeLayerError } from './errors.js';
import { streamOf, tarOf, withTmp, type FixtureEntry } from './fixture-tar.js';
import { untarText } from './untar-text.js';

interface Case { entries: FixtureEntry[]; code: string; kind?: string; prepare?: (target: string, outside: string) => Promise<void> }

/** Extracts `c.entries` into tmp/target; checks the error, the outside dir, and that the target kept its file. */
async function expectRefused(c: Case): Promise<unknown> {
  return withTmp(async (tmp) => {
    const target = join(tmp, 'target');
    const outside = join(tmp, 'outside');
    await mkdir(target);
    await mkdir(outside);
    await writeFile(join(target, 'own'), 'mine');
    await writeFile(join(outside, 'passwd'), 'root:x:0:0');
    await c.prepare?.(target, outside);
    const err = await extractInto(streamOf(tarOf(c.entries)), target).then(() => undefined, (e: unknown) => e);
    assert.ok(err, 'the extraction fails');
    assert.equal((err as { code?: string }).code, c.code, String(err));
    if (c.kind) assert.equal((err as { kind?: string }).kind, c.kind);
    assert.deepEqual(await readdir(outside), ['passwd'], 'nothing created outside');
    assert.equal(await readFile(join(outside, 'passwd'), 'utf8'), 'root:x:0:0', 'nothing overwritten outside');
    assert.deepEqual((await readdir(tmp)).sort(), ['outside', 'target'], 'nothing created next to the target');
    assert.equal(await readFile(join(target, 'own'), 'utf8'), 'mine', 'the target keeps its own data');
    return err;
  });
}

const OUT = '../outside';

describe('extractInto security (docker cp)', () => {
  it('refuses "../" traversal, keeping what came before (as Docker does)', () => withTmp(async (tmp) => {
    const target = join(tmp, 'target');
    await mkdir(target);
    const tar = tarOf([{ name: 'ok1', data: 'x' }, { name: `${OUT}/escaped`, data: 'x' }, { name: 'ok2', data: 'x' }]);
    await assert.rejects(extractInto(streamOf(tar), target), { code: 'UNSAFE_LAYER', kind: 'traversal' });
    assert.deepEqual(await readdir(target), ['ok1']);
    await assert.rejects(lstat(join(tmp, 'outside')), { code: 'ENOENT' });
  }));

  it('refuses traversal hidden in a PAX path', async () =>
    void await expectRefused({ entries: [{ name: 'innocent', pax: [['path', `${OUT}/pax`]], data: 'x' }], code: 'UNSAFE_LAYER', kind: 'traversal' }));

  it('refuses an entry through an absolute symlink of the tar (s -> /outside, then s/passwd)', async () =>
    void await expectRefused({
      entries: [{ name: 's', type: 'symlink', linkname: '/' }, { name: 's/passwd', data: 'pwned' }],
      code: 'UNSAFE_LAYER', kind: 'through-symlink',
    }));

  it('keeps an absolute symlink itself (read in the container root, never followed here)', () => withTmp(async (tmp) => {
    const target = join(tmp, 'target');
    await mkdir(target);
    await extractInto(streamOf(tarOf([{ name: 'l', type: 'symlink', linkname: '/etc' }])), target);
    assert.equal(await readlink(join(target, 'l')), '/etc');
  }));

  it('refuses a relative symlink that climbs out (Docker: invalid symlink)', async () => {
    const err = await expectRefused({ entries: [{ name: 'r', type: 'symlink', linkname: '../../../outside' }], code: 'UNSAFE_LAYER', kind: 'symlink' });
    assert.equal(untarText(err, '/d'), 'invalid symlink "/d/r" -> "../../../outside"');
  });

  it('refuses an absolute symlink that climbs out lexically (/../../outside, as Docker\'s join does)', async () => {
    const err = await expectRefused({ entries: [{ name: 'd/a', type: 'symlink', linkname: '/../../outside' }], code: 'UNSAFE_LAYER', kind: 'symlink' });
    assert.equal(untarText(err, '/x'), 'invalid symlink "/x/d/a" -> "/../../outside"');
  });

  it('refuses an entry through a symlink already in the target (pre-existing a -> outside)', async () =>
    void await expectRefused({
      prepare: (target, outside) => symlink(outside, join(target, 'a')),
      entries: [{ name: 'a/passwd', data: 'pwned' }], code: 'UNSAFE_LAYER', kind: 'through-symlink',
    }));

  it('refuses a dir entry through a pre-existing relative symlink (a -> .., then a/outside/new/)', async () =>
    void await expectRefused({
      prepare: (target) => symlink('..', join(target, 'a')),
      entries: [{ name: 'a/outside/new/', type: 'directory' }], code: 'UNSAFE_LAYER', kind: 'through-symlink',
    }));

  it('refuses a hardlink that climbs out (../outside/passwd)', async () =>
    void await expectRefused({ entries: [{ name: 'h', type: 'link', linkname: `${OUT}/passwd` }], code: 'UNSAFE_LAYER', kind: 'hardlink' }));

  it('reads an absolute hardlink target inside the target, where it does not exist', async () =>
    void await expectRefused({ entries: [{ name: 'h', type: 'link', linkname: '/outside/passwd' }], code: 'UNSAFE_LAYER', kind: 'hardlink' }));

  it('refuses a hardlink through a pre-existing symlink (a -> outside, h => a/passwd)', async () =>
    void await expectRefused({
      prepare: (target, outside) => symlink(outside, join(target, 'a')),
      entries: [{ name: 'h', type: 'link', linkname: 'a/passwd' }], code: 'UNSAFE_LAYER', kind: 'hardlink',
    }));

  it('replaces a pre-existing symlink, never writing through it (l -> outside/passwd, then a file l)', () => withTmp(async (tmp) => {
    const target = join(tmp, 'target');
    const outside = join(tmp, 'outside');
    await mkdir(target);
    await mkdir(outside);
    await writeFile(join(outside, 'passwd'), 'root');
    await symlink(join(outside, 'passwd'), join(target, 'l'));
    await extractInto(streamOf(tarOf([{ name: 'l', data: 'new' }])), target);
    assert.equal(await readFile(join(outside, 'passwd'), 'utf8'), 'root');
    assert.ok((await lstat(join(target, 'l'))).isFile());
  }));
});

describe('extractInto into a directory with data', () => {
  it('merges into existing dirs, links to existing files, writes .wh.* as plain files, skips the "." entry', () => withTmp(async (tmp) => {
    const target = join(tmp, 'target');
    await mkdir(join(target, 'sub'), { recursive: true });
    await writeFile(join(target, 'sub', 'old'), 'old');
    const tar = tarOf([
      { name: './', type: 'directory', mode: 0o700, uid: 1234 },
      { name: './sub/new', data: 'new' }, { name: './hl', type: 'link', linkname: 'sub/old' }, { name: '.wh.x', data: 'w' },
    ]);
    await extractInto(streamOf(tar), target);
    assert.deepEqual((await readdir(join(target, 'sub'))).sort(), ['new', 'old']);
    assert.equal((await lstat(join(target, 'hl'))).ino, (await lstat(join(target, 'sub', 'old'))).ino);
    assert.ok((await lstat(join(target, '.wh.x'))).isFile());
    const root = await lstat(target);
    assert.equal(root.mode & 0o777, 0o755, 'the target keeps its mode');
    assert.equal(root.uid, 0, 'and its owner');
  }));

  it('keeps the tar\'s owners by default, uses fixed ones or the caller\'s when asked', () => withTmp(async (tmp) => {
    const entries: FixtureEntry[] = [{ name: 'f', data: 'x', uid: 1234, gid: 4321 }, { name: 'd/', type: 'directory', uid: 1234, gid: 4321 }];
    for (const [owner, uid, gid] of [['tar', 1234, 4321], [{ uid: 65534, gid: 65534 }, 65534, 65534], ['self', 0, 0]] as const) {
      const target = join(tmp, JSON.stringify(owner).replace(/\W/g, ''));
      await mkdir(target);
      await extractInto(streamOf(tarOf(entries)), target, { owner });
      for (const n of ['f', 'd']) assert.deepEqual([(await lstat(join(target, n))).uid, (await lstat(join(target, n))).gid], [uid, gid], `${n} ${JSON.stringify(owner)}`);
    }
  }));

  it('noOverwriteDirNonDir refuses a file over a dir and a dir over a file, in Docker\'s words', () => withTmp(async (tmp) => {
    const target = join(tmp, 'target');
    await mkdir(join(target, 'sub'), { recursive: true });
    await writeFile(join(target, 'a'), 'a');
    const over = async (e: FixtureEntry) => extractInto(streamOf(tarOf([e])), target, { noOverwriteDirNonDir: true }).then(() => undefined, (x: unknown) => x);
    const e1 = await over({ name: 'sub', data: 'x' });
    assert.ok(e1 instanceof OverwriteError);
    assert.equal(untarText(e1, '/d'), 'cannot overwrite directory "/d/sub" with non-directory "/d"');
    const e2 = await over({ name: 'a', type: 'directory' });
    assert.equal(untarText(e2, '/d'), 'cannot overwrite non-directory "/d/a" with directory "/d"');
    assert.ok((await lstat(join(target, 'sub'))).isDirectory());
    await extractInto(streamOf(tarOf([{ name: 'sub', data: 'x' }])), target);
    assert.ok((await lstat(join(target, 'sub'))).isFile(), 'without the option a file replaces the dir');
  }));

  it('UnsafeLayerError keeps its kind across the worker boundary', async () => {
    const err = await expectRefused({ entries: [{ name: `${OUT}/x`, data: 'x' }], code: 'UNSAFE_LAYER' });
    assert.ok(err instanceof UnsafeLayerError);
    assert.equal(untarText(err, '/d'), `"${OUT}/x" is outside of "/d"`);
  });
});
