/**
 * save and load: round trips keep image IDs and diffIDs; the archive holds Docker's docker-archive
 * entries and an OCI layout; legacy docker-archives (Docker 20.10's layout) and OCI-only layouts
 * load; hostile archives are refused and leave the store exactly as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { startDaemon, runCommand, type TestDaemon } from '../helpers/daemon.js';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { tarOf, type FixtureEntry } from '../../src/archive/fixture-tar.js';
import { encodeHeader, END_OF_ARCHIVE } from '../../src/archive/tar-header.js';

let d: TestDaemon;
let bb: string;
before(async () => {
  d = await startDaemon();
  bb = await d.importBusybox();
});
after(async () => { await d.cleanup(); });

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const hex = (s: string) => s.slice(7);
const blobs = () => readdirSync(join(d.dataRoot, 'content/blobs/sha256')).sort();
const layerDirs = () => readdirSync(join(d.dataRoot, 'layers')).filter((n) => n !== 'l').sort();

/** Loads raw bytes through the API; returns the JSON stream lines. */
/** A quiet load says nothing until it ends: a slow one (the entry bomb on a busy machine) may take a while. */
async function load(body: Buffer, quiet = true): Promise<Array<Record<string, any>>> {
  const r = await d.api('POST', `/v1.50/images/load?quiet=${quiet ? 1 : 0}`, body, { 'Content-Type': 'application/x-tar' }, 110_000);
  assert.equal(r.status, 200);
  return r.body.split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l));
}

/** A docker-archive with one image whose layers are `layers` (tar bytes, maybe compressed). */
function dockerArchive(layers: Buffer[], diffIds: string[], tag = 'evil/x:1', extra: FixtureEntry[] = []): Buffer {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds }, config: {} }));
  const names = layers.map((_, i) => `l${i}/layer.tar`);
  const manifest = JSON.stringify([{ Config: 'c.json', RepoTags: [tag], Layers: names }]);
  return tarOf([
    { name: 'c.json', data: config }, ...layers.map((l, i) => ({ name: names[i]!, data: l })),
    { name: 'manifest.json', data: manifest }, ...extra,
  ]);
}

test('save → rmi → load gives the same image ID and layer diffIDs; the tar has both formats', async () => {
  await d.docker(['tag', 'busybox', 'rt/a:1']);
  const inspect = () => d.docker(['image', 'inspect', '--format', '{{.Id}} {{json .RootFS.Layers}}', 'rt/a:1']);
  const before = (await inspect()).stdout;
  const file = join(d.root, 'rt.tar');
  assert.equal((await d.docker(['save', '-o', file, 'rt/a:1'])).code, 0);
  const list = (await runCommand('tar', ['-tf', file])).stdout.split('\n').filter(Boolean).sort();
  assert.deepEqual(list.filter((n) => !n.startsWith('blobs/')), ['index.json', 'manifest.json', 'oci-layout', 'repositories']);
  assert.equal(list.filter((n) => n.startsWith('blobs/sha256/')).length, 3); // layer, config, manifest
  const manifest = JSON.parse((await runCommand('tar', ['-xOf', file, 'manifest.json'])).stdout);
  assert.deepEqual(manifest, [{ Config: `blobs/sha256/${hex(bb)}`, RepoTags: ['rt/a:1'], Layers: [manifest[0].Layers[0]] }]);
  const index = JSON.parse((await runCommand('tar', ['-xOf', file, 'index.json'])).stdout);
  assert.equal(index.manifests[0].annotations['io.containerd.image.name'], 'docker.io/rt/a:1');
  assert.equal((await d.docker(['rmi', 'rt/a:1'])).code, 0);
  const r = await d.docker(['load', '-i', file]);
  assert.deepEqual([r.code, r.stdout], [0, 'Loaded image: rt/a:1\n'], r.stderr);
  assert.equal((await inspect()).stdout, before);
  const run = await d.docker(['run', '--rm', 'rt/a:1', 'cat', '/etc/passwd']);
  assert.match(run.stdout, /^root:x:0:0/);
  writeFileSync(`${file}.gz`, gzipSync(readFileSync(file)));
  assert.equal((await d.docker(['rmi', 'rt/a:1'])).code, 0);
  const gz = await d.docker(['load', '-i', `${file}.gz`]);
  assert.deepEqual([gz.code, gz.stdout], [0, 'Loaded image: rt/a:1\n'], 'a gzip-compressed archive loads too');
  assert.equal((await inspect()).stdout, before);
});

test('load reports a moved tag, untagged images by ID, and progress unless quiet', async () => {
  const file = join(d.root, 'id.tar');
  await d.docker(['save', '-o', file, bb.slice(7, 19)]);
  const lines = await load(readFileSync(file));
  assert.deepEqual(lines, [{ stream: `Loaded image ID: ${bb}\n` }]);
  await d.docker(['run', '--name', 'mv1', 'busybox', 'sh', '-c', 'echo 1 > /one']);
  await d.docker(['commit', 'mv1', 'mv/x:1']);
  const other = join(d.root, 'other.tar');
  await d.docker(['save', '-o', other, 'mv/x:1']);
  assert.equal((await d.docker(['rm', 'mv1'])).code, 0);
  assert.equal((await d.docker(['rmi', 'mv/x:1'])).code, 0);
  await d.docker(['tag', 'busybox', 'mv/x:1']);
  const moved = await load(readFileSync(other), false);
  assert.equal(moved.at(-1)?.stream, 'Loaded image: mv/x:1\n');
  assert.equal(moved.at(-2)?.stream, `The image mv/x:1 already exists, renaming the old one with ID ${bb} to empty string\n`);
  assert.ok(moved.some((m) => m.status === 'Loading layer' && m.progressDetail.total > 0), JSON.stringify(moved));
});

test('a Docker 20.10 style docker-archive (<id>/layer.tar, <config>.json) loads', async () => {
  const layer = tarOf([{ name: 'hello.txt', data: 'hello\n', mode: 0o644 }]);
  const archive = dockerArchive([layer], [sha(layer)], 'legacy/x:1', [{ name: 'repositories', data: '{"legacy/x":{"1":"abc"}}' }]);
  const lines = await load(archive);
  assert.deepEqual(lines, [{ stream: 'Loaded image: legacy/x:1\n' }]);
  const gz = dockerArchive([gzipSync(layer)], [sha(layer)], 'legacy/gz:1');
  assert.deepEqual(await load(gz), [{ stream: 'Loaded image: legacy/gz:1\n' }]);
  const ids = await d.docker(['images', '-q', '--no-trunc', 'legacy/*']);
  assert.equal(new Set(ids.stdout.trim().split('\n')).size, 1, 'same config → same image ID');
});

test('an OCI image layout without manifest.json loads by its index and names', async () => {
  const file = join(d.root, 'oci-src.tar');
  await d.docker(['tag', 'busybox', 'oci/x:7']);
  await d.docker(['save', '-o', file, 'oci/x:7']);
  const dir = join(d.root, 'oci');
  await runCommand('mkdir', ['-p', dir]);
  await runCommand('tar', ['-xf', file, '-C', dir]);
  const out = join(d.root, 'oci-only.tar');
  await runCommand('tar', ['-cf', out, '-C', dir, 'oci-layout', 'index.json', 'blobs']);
  await d.docker(['rmi', 'oci/x:7']);
  const lines = await load(readFileSync(out));
  assert.deepEqual(lines, [{ stream: 'Loaded image: oci/x:7\n' }]);
});

test('hostile archives are refused with a message and leave the store unchanged', async () => {
  const listing = async () => {
    const r = await d.docker(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}} {{.Size}}']);
    return { stdout: r.stdout.split('\n').sort().join('\n') }; // rows of one ID come in tag order
  };
  const images = (await listing()).stdout;
  const df = (await d.api('GET', '/v1.50/system/df')).json();
  const [b0, l0] = [blobs(), layerDirs()];
  const cases: Array<[string, Buffer, RegExp]> = [];
  const traversal = tarOf([{ name: '../../../tmp/evil', data: 'x' }]);
  cases.push(['layer path traversal', dockerArchive([traversal], [sha(traversal)]), /unsafe layer entry/]);
  const symlink = tarOf([{ name: 'lnk', type: 'symlink', linkname: '/' }, { name: 'lnk/tmp/evil', data: 'x' }]);
  cases.push(['symlink escape', dockerArchive([symlink], [sha(symlink)]), /unsafe layer entry/]);
  const hardlink = tarOf([{ name: 'h', type: 'link', linkname: '../../etc/passwd' }]);
  cases.push(['hardlink escape', dockerArchive([hardlink], [sha(hardlink)]), /unsafe layer entry/]);
  const good = tarOf([{ name: 'big', data: randomBytes(256 * 1024) }]);
  const truncated = gzipSync(good).subarray(0, 2000);
  cases.push(['truncated gzip layer', dockerArchive([truncated], [sha(good)]), /corrupt layer/]);
  cases.push(['diffID mismatch', dockerArchive([good], [sha('other')]), /digest mismatch/]);
  cases.push(['member name traversal', tarOf([{ name: '../manifest.json', data: '[]' }]), /escapes the archive/]);
  const bomb = tarOf(Array.from({ length: 20_001 }, (_, i) => ({ name: `f${i}`, data: '' })));
  cases.push(['member count bomb', bomb, /more than 20000 members/]);
  cases.push(['not a tar', Buffer.from('garbage\n'.repeat(100)), /Error processing tar file|neither manifest.json nor index.json/]);
  cases.push(['missing layer', tarOf([{ name: 'manifest.json', data: '[{"Config":"c.json","Layers":["x"]}]' }]), /c.json is listed but missing/]);
  for (const [name, body, message] of cases) {
    const lines = await load(body);
    const err = lines.find((l) => l.errorDetail);
    assert.ok(err, `${name}: expected an error, got ${JSON.stringify(lines)}`);
    assert.match(err.errorDetail.message, message, name);
  }
  const cli = join(d.root, 'bad.tar');
  writeFileSync(cli, cases[0]![1]);
  const r = await d.docker(['load', '-i', cli]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unsafe layer entry/);
  assert.equal((await listing()).stdout, images);
  assert.deepEqual([blobs(), layerDirs()], [b0, l0]);
  const df2 = (await d.api('GET', '/v1.50/system/df')).json();
  assert.deepEqual([df2.LayersSize, df2.Images.length], [df.LayersSize, df.Images.length]);
});

/** A gzip layer of `n` entries (the same dir over and over: cheap to apply, ~2.7 MB for 1e6) and its diffID. */
async function entryBomb(n: number): Promise<{ gz: Buffer; diffId: string }> {
  const hdr = encodeHeader({ name: 'd/', type: 'directory', mode: 0o755, size: 0, mtime: 1_000_000_000 });
  const block = Buffer.concat(Array(1000).fill(hdr));
  const hash = createHash('sha256');
  function* gen() {
    for (let i = 0; i < n / 1000; i++) { hash.update(block); yield block; }
    hash.update(hdr); yield hdr;
    hash.update(END_OF_ARCHIVE); yield END_OF_ARCHIVE;
  }
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(gen()).pipe(createGzip())) chunks.push(c as Buffer);
  return { gz: Buffer.concat(chunks), diffId: `sha256:${hash.digest('hex')}` };
}

test('a layer of 1e6+1 entries (tar bomb) hits the entry cap; nothing is left behind', { timeout: 120_000 }, async () => {
  const [b0, l0] = [blobs(), layerDirs()];
  const { gz, diffId } = await entryBomb(1_000_000);
  const lines = await load(dockerArchive([gz], [diffId], 'bomb/x:1'));
  const err = lines.find((l) => l.errorDetail);
  assert.match(err?.errorDetail.message ?? JSON.stringify(lines), /layer exceeds the limit of 1000000 entries/);
  assert.deepEqual([blobs(), layerDirs()], [b0, l0]);
  assert.equal((await d.docker(['images', '-q', 'bomb/x'])).stdout, '');
});
