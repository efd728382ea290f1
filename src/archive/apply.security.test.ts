/**
 * Security regressions of applyLayer: each case is a hostile layer. Every case checks the typed
 * error `code`, that nothing was written outside the target, and that the target dir is gone.
 */
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { applyLayer, type ApplyOptions } from './apply.js';
import { streamOf, tarEntry, tarOf, withTmp, type FixtureEntry } from './fixture-tar.js';

/** Applies `layer` into tmp/diff next to a tmp/outside dir holding one file; checks the outcome. */
async function expectRejected(layer: Buffer | Readable, code: string, opts?: ApplyOptions): Promise<void> {
  await withTmp(async (tmp) => {
    const outside = join(tmp, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'passwd'), 'root:x:0:0');
    const input = Buffer.isBuffer(layer) ? streamOf(layer) : layer;
    await assert.rejects(applyLayer(input, join(tmp, 'diff'), opts), { code });
    await assert.rejects(lstat(join(tmp, 'diff')), { code: 'ENOENT' }, 'target removed');
    assert.deepEqual(await readdir(outside), ['passwd'], 'nothing created outside');
    assert.equal(await readFile(join(outside, 'passwd'), 'utf8'), 'root:x:0:0', 'nothing overwritten outside');
    assert.deepEqual((await readdir(tmp)).sort(), ['outside'], 'nothing created next to the target');
  });
}

/** Paths inside a hostile layer that point at tmp/outside from tmp/diff/<depth>. */
const OUT = '../outside';

describe('applyLayer security', () => {
  it('rejects "../" traversal', () => expectRejected(tarOf([{ name: `${OUT}/x`, data: 'x' }]), 'UNSAFE_LAYER'));

  it('rejects traversal hidden after a real dir (a/../../x)', () =>
    expectRejected(tarOf([{ name: 'a/', type: 'directory' }, { name: `a/../${OUT}/x`, data: 'x' }]), 'UNSAFE_LAYER'));

  it('rejects a ".." long name in a PAX header', () =>
    expectRejected(tarOf([{ name: 'innocent', pax: [['path', `${OUT}/pax-evil`]], data: 'x' }]), 'UNSAFE_LAYER'));

  it('rejects a ".." GNU long name', () => {
    const long = `${OUT}/${'g'.repeat(120)}`;
    const body = Buffer.from(`${long}\0`);
    const gnu = Buffer.concat([gnuLongNameHeader(body.length), body, Buffer.alloc(512 - (body.length % 512))]);
    return expectRejected(Buffer.concat([gnu, tarEntry({ name: 'short', data: 'x' }), Buffer.alloc(1024)]), 'UNSAFE_LAYER');
  });

  it('rejects writing through an absolute symlink (a -> /outside, then a/passwd)', () => withTmp(async (tmp) => {
    const outside = join(tmp, 'outside');
    const layer = tarOf([{ name: 'a', type: 'symlink', linkname: outside }, { name: 'a/passwd', data: 'pwned' }]);
    await mkdir(outside);
    await assert.rejects(applyLayer(streamOf(layer), join(tmp, 'diff')), { code: 'UNSAFE_LAYER' });
    assert.deepEqual(await readdir(outside), []);
  }));

  it('rejects writing through a relative symlink to the parent (a -> .., then a/x)', () =>
    expectRejected(tarOf([{ name: 'a', type: 'symlink', linkname: '..' }, { name: 'a/outside/passwd', data: 'p' }]),
      'UNSAFE_LAYER'));

  it('rejects a dir entry through a symlink (a -> .., then a/newdir/)', () =>
    expectRejected(tarOf([{ name: 'a', type: 'symlink', linkname: '..' }, { name: 'a/newdir/', type: 'directory' }]),
      'UNSAFE_LAYER'));

  it('does not follow a symlink at the final component (l -> ../outside/passwd, then file l)', () => withTmp(async (tmp) => {
    const passwd = join(tmp, 'outside', 'passwd');
    await mkdir(join(tmp, 'outside'));
    await writeFile(passwd, 'root:x:0:0');
    await applyLayer(streamOf(tarOf([{ name: 'l', type: 'symlink', linkname: passwd }, { name: 'l', data: 'pwned' }])),
      join(tmp, 'diff'));
    assert.equal(await readFile(passwd, 'utf8'), 'root:x:0:0');
    assert.equal(await readFile(join(tmp, 'diff/l'), 'utf8'), 'pwned');
  }));

  it('rejects a hardlink escaping with ".."', () =>
    expectRejected(tarOf([{ name: 'h', type: 'link', linkname: `${OUT}/passwd` }]), 'UNSAFE_LAYER'));

  it('rejects a hardlink whose target goes through a symlink', () =>
    expectRejected(tarOf([{ name: 's', type: 'symlink', linkname: '..' }, { name: 'h', type: 'link', linkname: 's/outside/passwd' }]),
      'UNSAFE_LAYER'));

  it('rejects a hardlink to a path not in the layer', () =>
    expectRejected(tarOf([{ name: 'd/', type: 'directory' }, { name: 'h', type: 'link', linkname: 'd/absent' }]), 'CORRUPT_LAYER'));

  it('rejects a whiteout of ".." (.wh...)', () =>
    expectRejected(tarOf([{ name: 'a/', type: 'directory' }, { name: 'a/.wh...', data: '' }]), 'UNSAFE_LAYER'));

  it('rejects a whiteout through a symlinked parent (no device node outside)', () =>
    expectRejected(tarOf([{ name: 'a', type: 'symlink', linkname: '../outside' }, { name: 'a/.wh.passwd', data: '' }]),
      'UNSAFE_LAYER'));

  it('rejects an opaque marker through a symlinked parent (no xattr outside)', () =>
    expectRejected(tarOf([{ name: 'a', type: 'symlink', linkname: '..' }, { name: 'a/outside/.wh..wh..opq', data: '' }]),
      'UNSAFE_LAYER'));

  it('rejects a hardlink through a symlinked parent of the link itself', () =>
    expectRejected(tarOf([{ name: 'f', data: 'f' }, { name: 'a', type: 'symlink', linkname: '../outside' },
      { name: 'a/h', type: 'link', linkname: 'f' }]), 'UNSAFE_LAYER'));

  it('rejects a device node through a symlinked parent', () =>
    expectRejected(tarOf([{ name: 'a', type: 'symlink', linkname: '../outside' },
      { name: 'a/mem', type: 'character-device', devmajor: 1, devminor: 1 }]), 'UNSAFE_LAYER'));

  it('stops a 1e6-entry tar bomb at maxEntries', async () => {
    let produced = 0;
    const bomb = Readable.from((function* () {
      for (; produced < 1_000_000; produced++) yield tarEntry({ name: `f${produced}`, data: '' });
      yield Buffer.alloc(1024);
    })());
    await expectRejected(bomb, 'LAYER_LIMIT', { maxEntries: 1000 });
    assert.ok(produced < 100_000, `stopped early (read ${produced} entries)`);
  });

  it('stops a gzip decompression bomb at maxBytes', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const blob = gzipSync(tarOf([{ name: 'zeros', data: zeros }]));
    assert.ok(blob.length < 1024 * 1024);
    await expectRejected(blob, 'LAYER_LIMIT', { maxBytes: 8 * 1024 * 1024 });
  });

  it('rejects a truncated gzip layer', () => {
    const blob = gzipSync(tarOf([{ name: 'a', data: Buffer.alloc(100_000, 7) }, { name: 'b', data: 'b' }]));
    return expectRejected(blob.subarray(0, blob.length - 100), 'CORRUPT_LAYER');
  });

  it('rejects a tar truncated inside a file', () =>
    expectRejected(tarOf([{ name: 'a', data: Buffer.alloc(5000, 1) }]).subarray(0, 2048), 'CORRUPT_LAYER'));

  it('rejects a tar with a bad header checksum', () => {
    const tar = tarOf([{ name: 'a', data: 'x' }]);
    tar[0] = 'b'.charCodeAt(0);
    return expectRejected(tar, 'CORRUPT_LAYER');
  });

  it('rejects a truncated zstd layer', async () => {
    const { zstdOf } = await import('./fixture-tar.js');
    const blob = zstdOf([{ name: 'a', data: Buffer.alloc(100_000, 7) } satisfies FixtureEntry]);
    await expectRejected(blob.subarray(0, blob.length - 50), 'CORRUPT_LAYER');
  });
});

/** A GNU `././@LongLink` header (type L) announcing a long name of `size` bytes. */
function gnuLongNameHeader(size: number): Buffer {
  const b = Buffer.alloc(512);
  b.write('././@LongLink', 0);
  b.write('0000644\0', 100); b.write('0000000\0', 108); b.write('0000000\0', 116);
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  b.write('00000000000\0', 136);
  b.write('L', 156);
  b.write('ustar  \0', 257);
  b.write('        ', 148);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}
