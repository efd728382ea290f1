import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readlink, readdir, mkdir, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { lgetxattr } from '../sys/libc.js';
import { applyLayer } from './apply.js';
import { gzipOf, streamOf, tarOf, withTmp, zstdOf, type FixtureEntry } from './fixture-tar.js';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const BASIC: FixtureEntry[] = [
  { name: 'etc/', type: 'directory', mode: 0o755, mtime: 1_100_000_000 },
  { name: 'etc/hosts', data: 'hello\n', mode: 0o640, uid: 1000, gid: 2000, mtime: 1_200_000_000 },
  { name: 'bin/su', data: 'ELF', mode: 0o4755, uid: 0, gid: 0 },
  { name: 'bin/sgid', data: 'x', mode: 0o2755, uid: 5, gid: 6 },
  { name: 'tmp/', type: 'directory', mode: 0o1777 },
  { name: 'etc/link', type: 'symlink', linkname: '/etc/hosts', uid: 7, gid: 8 },
  { name: 'etc/hard', type: 'link', linkname: 'etc/hosts' },
  { name: 'dev/null', type: 'character-device', mode: 0o666, devmajor: 1, devminor: 3 },
  { name: 'dev/loop9', type: 'block-device', mode: 0o660, devmajor: 7, devminor: 9 },
  { name: 'run/fifo', type: 'fifo', mode: 0o600 },
];

describe('applyLayer', () => {
  for (const [compression, make] of [['none', tarOf], ['gzip', gzipOf], ['zstd', zstdOf]] as const) {
    it(`applies a ${compression} layer and reports its digests`, () => withTmp(async (tmp) => {
      const blob = make(BASIC);
      const res = await applyLayer(streamOf(blob, 1000), join(tmp, 'diff'));
      assert.equal(res.compression, compression);
      assert.equal(res.diffId, sha(tarOf(BASIC)));
      assert.equal(res.compressedDigest, sha(blob));
      assert.equal(res.compressedSize, blob.length);
      // Docker's layer size: file bytes, and a symlink counts its target's length (the hardlink is the same inode).
      assert.equal(res.size, 6 + 3 + 1 + '/etc/hosts'.length);
      assert.equal(await readFile(join(tmp, 'diff/etc/hosts'), 'utf8'), 'hello\n');
    }));
  }

  it('does not hash a compressed input the caller hashes (inputHashed); a plain tar is still hashed once, for its diffID', () => withTmp(async (tmp) => {
    const gz = await applyLayer(streamOf(gzipOf(BASIC), 1000), join(tmp, 'a'), { inputHashed: true });
    assert.equal(gz.diffId, sha(tarOf(BASIC)));
    assert.equal(gz.compressedDigest, undefined);
    const plain = await applyLayer(streamOf(tarOf(BASIC), 1000), join(tmp, 'b'), { inputHashed: true });
    assert.equal(plain.diffId, sha(tarOf(BASIC)));
    assert.equal(plain.compressedDigest, plain.diffId);
  }));

  it('streams files bigger than the small-file buffer, with their attributes', () => withTmp(async (tmp) => {
    const big = randomBytes(3 * 1024 * 1024 + 123);
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(gzipOf([{ name: 'big.bin', data: big, mode: 0o4711, uid: 9, gid: 10, mtime: 1_300_000_000 }])), dir);
    assert.ok((await readFile(join(dir, 'big.bin'))).equals(big));
    const st = await lstat(join(dir, 'big.bin'));
    assert.deepEqual([st.mode & 0o7777, st.uid, st.gid, st.mtimeMs], [0o4711, 9, 10, 1_300_000_000_000]);
  }));

  it('sets modes (setuid/setgid/sticky), owners and times', () => withTmp(async (tmp) => {
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(tarOf(BASIC)), dir);
    const hosts = await lstat(join(dir, 'etc/hosts'));
    assert.equal(hosts.mode & 0o7777, 0o640);
    assert.deepEqual([hosts.uid, hosts.gid], [1000, 2000]);
    assert.equal(hosts.mtimeMs, 1_200_000_000_000);
    assert.equal((await lstat(join(dir, 'bin/su'))).mode & 0o7777, 0o4755);
    const sgid = await lstat(join(dir, 'bin/sgid'));
    assert.equal(sgid.mode & 0o7777, 0o2755);
    assert.deepEqual([sgid.uid, sgid.gid], [5, 6]);
    assert.equal((await lstat(join(dir, 'tmp'))).mode & 0o7777, 0o1777);
    assert.equal((await lstat(join(dir, 'etc'))).mtimeMs, 1_100_000_000_000, 'dir mtime set after its contents');
    const link = await lstat(join(dir, 'etc/link'));
    assert.ok(link.isSymbolicLink());
    assert.deepEqual([link.uid, link.gid], [7, 8]);
    assert.equal(await readlink(join(dir, 'etc/link')), '/etc/hosts');
  }));

  it('creates hardlinks, devices and FIFOs', () => withTmp(async (tmp) => {
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(tarOf(BASIC)), dir);
    const [a, b] = await Promise.all([lstat(join(dir, 'etc/hosts')), lstat(join(dir, 'etc/hard'))]);
    assert.equal(a.ino, b.ino);
    assert.equal(a.nlink, 2);
    const nul = await lstat(join(dir, 'dev/null'));
    assert.ok(nul.isCharacterDevice());
    assert.equal(nul.rdev, 0x103);
    assert.equal(nul.mode & 0o7777, 0o666);
    const loop = await lstat(join(dir, 'dev/loop9'));
    assert.ok(loop.isBlockDevice());
    assert.equal(loop.rdev, (7 << 8) | 9);
    assert.ok((await lstat(join(dir, 'run/fifo'))).isFIFO());
  }));

  it('reads PAX long names and GNU long names', () => withTmp(async (tmp) => {
    const long = `${'d'.repeat(120)}/${'e'.repeat(120)}/${'f'.repeat(200)}`;
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(tarOf([{ name: long, data: 'pax' }, { name: 'ünï/cöde', data: 'utf8' }])), dir);
    assert.equal(await readFile(join(dir, long), 'utf8'), 'pax');
    assert.equal(await readFile(join(dir, 'ünï/cöde'), 'utf8'), 'utf8');
    const src = join(tmp, 'src');
    await mkdir(join(src, 'g'.repeat(150)), { recursive: true });
    await writeFile(join(src, 'g'.repeat(150), 'h'.repeat(150)), 'gnu');
    const { execFileSync } = await import('node:child_process');
    const gnu = execFileSync('tar', ['--format=gnu', '-C', src, '-cf', '-', '.']);
    assert.ok(gnu.includes('././@LongLink'), 'fixture uses GNU long names');
    await applyLayer(streamOf(gnu), join(tmp, 'gnu'));
    assert.equal(await readFile(join(tmp, 'gnu', 'g'.repeat(150), 'h'.repeat(150)), 'utf8'), 'gnu');
  }));

  it('sets binary security.capability and user xattrs, skips trusted.*', () => withTmp(async (tmp) => {
    const cap = Buffer.from('0100000280200000000000000000000000000000', 'hex');
    const xattrs = new Map([['security.capability', cap], ['user.note', Buffer.from('hi')],
      ['trusted.overlay.redirect', Buffer.from('/etc')], ['trusted.overlay.opaque', Buffer.from('y')]]);
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(tarOf([{ name: 'bin/ping', data: 'x', mode: 0o755, uid: 3, xattrs },
      { name: 'd/', type: 'directory', xattrs }])), dir);
    assert.deepEqual(lgetxattr(join(dir, 'bin/ping'), 'security.capability'), cap, 'set after chown');
    assert.deepEqual(lgetxattr(join(dir, 'bin/ping'), 'user.note'), Buffer.from('hi'));
    assert.equal(lgetxattr(join(dir, 'bin/ping'), 'trusted.overlay.redirect'), undefined);
    assert.equal(lgetxattr(join(dir, 'd'), 'trusted.overlay.opaque'), undefined);
  }));

  it('reads v7 headers (no ustar magic) and old-style directories (type 0, trailing "/")', () => withTmp(async (tmp) => {
    const v7 = (e: FixtureEntry): Buffer => {
      const b = Buffer.from(tarOf([e]).subarray(0, 512 + Math.ceil(Buffer.byteLength(e.data ?? '') / 512) * 512));
      b.fill(0, 257, 265);
      b.write('        ', 148);
      let sum = 0;
      for (const x of b.subarray(0, 512)) sum += x;
      b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
      return b;
    };
    const layer = Buffer.concat([v7({ name: 'old/', data: '' }), v7({ name: 'old/f', data: 'v7' }), Buffer.alloc(1024)]);
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(layer), dir);
    assert.ok((await lstat(join(dir, 'old'))).isDirectory());
    assert.equal(await readFile(join(dir, 'old/f'), 'utf8'), 'v7');
  }));

  it('lets a later entry win, and merges dir over dir', () => withTmp(async (tmp) => {
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(tarOf([
      { name: 'f', data: 'one' }, { name: 'f', data: 'two' },
      { name: 'd/', type: 'directory', mode: 0o700 }, { name: 'd/keep', data: 'k' },
      { name: 'd/', type: 'directory', mode: 0o750 },
      { name: 'x/', type: 'directory' }, { name: 'x/child', data: 'c' }, { name: 'x', data: 'file now' },
      { name: 'y', data: 'file' }, { name: 'y/', type: 'directory' },
      { name: 's', type: 'symlink', linkname: 'f' }, { name: 's', data: 'not a link' },
    ])), dir);
    assert.equal(await readFile(join(dir, 'f'), 'utf8'), 'two');
    assert.equal(await readFile(join(dir, 'd/keep'), 'utf8'), 'k');
    assert.equal((await stat(join(dir, 'd'))).mode & 0o7777, 0o750);
    assert.equal(await readFile(join(dir, 'x'), 'utf8'), 'file now');
    assert.ok((await lstat(join(dir, 'y'))).isDirectory());
    assert.ok((await lstat(join(dir, 's'))).isFile());
    assert.equal(await readFile(join(dir, 'f'), 'utf8'), 'two', 'writing over a symlink did not follow it');
  }));

  it('treats a leading "/" and "./" as relative, as Docker does', () => withTmp(async (tmp) => {
    const dir = join(tmp, 'diff');
    await applyLayer(streamOf(tarOf([{ name: './', type: 'directory', mode: 0o711 },
      { name: '/etc/abs', data: 'a' }, { name: './rel/./x', data: 'r' }, { name: 'a/../b', data: 'b' }])), dir);
    assert.equal(await readFile(join(dir, 'etc/abs'), 'utf8'), 'a');
    assert.equal(await readFile(join(dir, 'rel/x'), 'utf8'), 'r');
    assert.equal(await readFile(join(dir, 'b'), 'utf8'), 'b');
    assert.equal((await stat(dir)).mode & 0o7777, 0o711);
  }));

  it('refuses a non-empty target and leaves it alone', () => withTmp(async (tmp) => {
    await writeFile(join(tmp, 'precious'), 'p');
    await assert.rejects(applyLayer(streamOf(tarOf(BASIC)), tmp), { code: 'ENOTEMPTY' });
    assert.deepEqual(await readdir(tmp), ['precious']);
  }));

  it("rethrows the input stream's own error and removes the dir", () => withTmp(async (tmp) => {
    const boom = Object.assign(new Error('digest mismatch upstream'), { code: 'DIGEST_MISMATCH' });
    const tar = tarOf([{ name: 'a', data: Buffer.alloc(300_000) }, { name: 'b', data: 'b' }]);
    const input = Readable.from((async function* () {
      yield tar.subarray(0, 200_000);
      await new Promise((r) => setTimeout(r, 20));
      throw boom;
    })());
    await assert.rejects(applyLayer(input, join(tmp, 'diff')), (err) => err === boom);
    await assert.rejects(lstat(join(tmp, 'diff')), { code: 'ENOENT' });
  }));

  it('rejects with the error of an input that fails before the first read', () => withTmp(async (tmp) => {
    const input = createReadStream(join(tmp, 'missing.tar.gz'));
    await assert.rejects(applyLayer(input, join(tmp, 'diff')), { code: 'ENOENT', syscall: 'open' });
    await assert.rejects(lstat(join(tmp, 'diff')), { code: 'ENOENT' });
  }));

  it('applies more layers in parallel than there are workers, each in its own dir', () => withTmp(async (tmp) => {
    const layers = Array.from({ length: 12 }, (_, i) => tarOf([{ name: `f${i}`, data: String(i) }, ...BASIC]));
    const results = await Promise.all(layers.map((l, i) => applyLayer(streamOf(l), join(tmp, `l${i}`))));
    assert.deepEqual(results.map((r) => r.diffId), layers.map(sha));
    for (let i = 0; i < 12; i++) assert.equal(await readFile(join(tmp, `l${i}/f${i}`), 'utf8'), String(i));
  }));

  it('keeps working after failed and aborted applies (pooled workers)', () => withTmp(async (tmp) => {
    for (let i = 0; i < 3; i++) {
      const bad = tarOf([{ name: 'a', data: Buffer.alloc(100_000) }]).subarray(0, 5000);
      await assert.rejects(applyLayer(streamOf(bad, 512), join(tmp, `bad${i}`)), { code: 'CORRUPT_LAYER' });
      const res = await applyLayer(streamOf(tarOf(BASIC), 512), join(tmp, `good${i}`));
      assert.equal(res.diffId, sha(tarOf(BASIC)));
      assert.equal(await readFile(join(tmp, `good${i}/etc/hosts`), 'utf8'), 'hello\n');
    }
  }));

  it('rejects with AbortError and removes the dir when aborted', () => withTmp(async (tmp) => {
    const ac = new AbortController();
    const big = Buffer.alloc(8 * 1024 * 1024);
    const input = streamOf(tarOf([{ name: 'a', data: big }, { name: 'b', data: big }]), 4096);
    input.once('data', () => ac.abort());
    await assert.rejects(applyLayer(input, join(tmp, 'diff'), { signal: ac.signal }), { name: 'AbortError' });
    await assert.rejects(lstat(join(tmp, 'diff')), { code: 'ENOENT' });
  }));
});
