/**
 * `docker pull` through wharfd of every image format a registry serves: an OCI index (platform
 * picked by default and by --platform, variants, a platform not in the list), a plain manifest of
 * another platform, Docker schema2 with gzip layers, OCI with zstd and uncompressed layers, pull by
 * digest, `pull -a`, and RepoDigests after pull and after push.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildImage, push, pushIndex, type Compression } from './images.js';
import { http, pushBlob, sha } from '../registry/helpers.js';
import { inspect, pullRig } from './rig.js';

const rig = pullRig({ importBusybox: true });
const ref = (repo: string) => `${rig.proxy.host}/${repo}`;

test('an OCI index: the host platform by default, --platform picks arm64 and arm/v7, an unknown platform fails', async () => {
  const { d, registry } = rig;
  const arch = (architecture: string, variant?: string) => buildImage({ architecture, ...(variant ? { variant } : {}), layers: [{ name: 'arch', content: `${architecture}${variant ?? ''}` }] });
  const amd64 = arch('amd64');
  const arm64 = arch('arm64');
  const armv7 = arch('arm', 'v7');
  const indexDigest = await pushIndex(registry.url, 'multi', [
    { img: amd64, architecture: 'amd64' }, { img: arm64, architecture: 'arm64', variant: 'v8' }, { img: armv7, architecture: 'arm', variant: 'v7' },
  ], '1');

  const plain = await d.docker(['pull', ref('multi:1')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, new RegExp(`Digest: ${indexDigest}`));
  let img = await inspect(d, ref('multi:1'));
  assert.equal(img.Id, amd64.id);
  assert.equal(img.Architecture, 'amd64');
  assert.deepEqual(img.RepoDigests, [`${ref('multi')}@${indexDigest}`]);

  const arm = await d.docker(['pull', '--platform', 'linux/arm64', ref('multi:1')]);
  assert.equal(arm.code, 0, arm.stderr);
  img = await inspect(d, ref('multi:1'));
  assert.equal(img.Id, arm64.id);
  assert.equal(img.Architecture, 'arm64');

  const v7 = await d.docker(['pull', '--platform', 'linux/arm/v7', ref('multi:1')]);
  assert.equal(v7.code, 0, v7.stderr);
  img = await inspect(d, ref('multi:1'));
  assert.equal(img.Id, armv7.id);
  assert.equal(`${img.Os}/${img.Architecture}/${img.Variant}`, 'linux/arm/v7');

  const none = await d.docker(['pull', '--platform', 'linux/s390x', ref('multi:1')]);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no matching manifest for linux\/s390x in the manifest list entries/);
  assert.equal((await inspect(d, ref('multi:1'))).Id, armv7.id, 'the tag did not move');
});

test('a plain amd64 manifest pulled with --platform linux/arm64 fails as Docker 24+ does', async () => {
  const { d, registry } = rig;
  await push(registry.url, 'plain', buildImage(), 'amd');
  const r = await d.docker(['pull', '--platform', 'linux/arm64', ref('plain:amd')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`image with reference ${ref('plain:amd')} was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64`));
  const ls = await d.docker(['images', '-q', ref('plain')]);
  assert.equal(ls.stdout.trim(), '');
});

const formats: Array<{ name: string; format: 'oci' | 'docker'; compression: Compression }> = [
  { name: 'Docker schema2, gzip layers', format: 'docker', compression: 'gzip' },
  { name: 'OCI, zstd layers', format: 'oci', compression: 'zstd' },
  { name: 'OCI, uncompressed layers', format: 'oci', compression: 'none' },
];
for (const f of formats) {
  test(`${f.name}: pulled, unpacked, RootFS and RepoDigests as pushed`, async () => {
    const { d, registry } = rig;
    const files = [{ name: 'a.txt', content: `a ${f.name}` }, { name: 'b.bin', content: randomBytes(200_000) }];
    const img = buildImage({ format: f.format, compression: f.compression, layers: files });
    const repo = `fmt-${f.format}-${f.compression}`;
    await push(registry.url, repo, img, 'v1');
    const r = await d.docker(['pull', ref(`${repo}:v1`)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Digest: ${img.digest}`));
    const got = await inspect(d, ref(`${repo}:v1`));
    assert.equal(got.Id, img.id);
    const diffIds = JSON.parse(img.config.toString()).rootfs.diff_ids as string[];
    assert.deepEqual(got.RootFS.Layers, diffIds);
    assert.deepEqual(got.RepoDigests, [`${ref(repo)}@${img.digest}`]);
    // The unpacked files are the ones packed, byte for byte.
    files.forEach((file, i) => {
      const onDisk = readFileSync(join(d.dataRoot, 'layers', diffIds[i]!.slice(7), 'diff', file.name));
      assert.ok(onDisk.equals(Buffer.from(file.content)), `${file.name} unpacked`);
    });
  });
}

test('pull by digest adds no tag and sets RepoDigests', async () => {
  const { d, registry } = rig;
  const img = buildImage();
  await push(registry.url, 'bydigest', img, 'latest');
  const r = await d.docker(['pull', `${ref('bydigest')}@${img.digest}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Digest: ${img.digest}`));
  const got = await inspect(d, `${ref('bydigest')}@${img.digest}`);
  assert.equal(got.Id, img.id);
  assert.deepEqual(got.RepoTags, []);
  assert.deepEqual(got.RepoDigests, [`${ref('bydigest')}@${img.digest}`]);
  const ls = await d.docker(['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}', ref('bydigest')]);
  assert.equal(ls.stdout.trim(), `${ref('bydigest')} <none> ${img.digest}`);
});

test('pull -a fetches every tag of the repository', async () => {
  const { d, registry } = rig;
  const imgs = ['t1', 't2', 't3'].map((t) => ({ t, img: buildImage({ layers: [{ name: 'tag', content: t }] }) }));
  for (const { t, img } of imgs) await push(registry.url, 'alltags', img, t);
  const r = await d.docker(['pull', '-a', ref('alltags')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Status: Downloaded newer image for ${ref('alltags')}\\n`));
  const ls = await d.docker(['images', '--no-trunc', '--format', '{{.Tag}} {{.ID}}', ref('alltags')]);
  assert.deepEqual(ls.stdout.trim().split('\n').sort(), imgs.map(({ t, img }) => `${t} ${img.id}`));
});

test('push sets RepoDigests to the pushed digest; a pull of it agrees', async () => {
  const { d } = rig;
  assert.equal((await d.docker(['tag', 'busybox:latest', ref('pushed:1')])).code, 0);
  const r = await d.docker(['push', ref('pushed:1')]);
  assert.equal(r.code, 0, r.stderr);
  const digest = /digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(r.stdout)?.[1];
  assert.ok(digest, r.stdout);
  const pushed = await inspect(d, ref('pushed:1'));
  assert.ok(pushed.RepoDigests.includes(`${ref('pushed')}@${digest}`), JSON.stringify(pushed.RepoDigests));
  const again = await d.docker(['pull', ref('pushed:1')]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`Digest: ${digest}\\nStatus: Image is up to date for ${ref('pushed:1')}`));
});

test('a foreign layer the registry lacks comes from its URL; a push leaves it where it is', async () => {
  const { d, registry } = rig;
  const img = buildImage({ format: 'docker', layers: [{ name: 'base.txt', content: 'base' }, { name: 'foreign.txt', content: `foreign ${Math.random()}` }] });
  // The foreign blob lives in another repository; the image's repository never gets it.
  await pushBlob(registry.url, 'elsewhere/blobs', img.layers[1]!);
  const m = JSON.parse(img.manifest.toString()) as { layers: Array<{ mediaType: string; digest: string; size: number; urls?: string[] }> };
  m.layers[1] = { ...m.layers[1]!, mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', urls: [`${registry.url}/v2/elsewhere/blobs/blobs/${m.layers[1]!.digest}`] };
  const manifest = Buffer.from(JSON.stringify(m));
  const withForeign = { ...img, manifest, digest: sha(manifest), layers: [img.layers[0]!] };
  await push(registry.url, 'foreign', withForeign, 'v1');
  const r = await d.docker(['pull', ref('foreign:v1')]);
  assert.equal(r.code, 0, r.stderr);
  const view = await inspect(d, ref('foreign:v1'));
  assert.equal(view.Id, img.id);
  assert.equal(view.RootFS.Layers.length, 2);
  await d.docker(['tag', ref('foreign:v1'), ref('foreign2:v1')]);
  const pushed = await d.docker(['push', ref('foreign2:v1')]);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.match(pushed.stdout, new RegExp(`v1: digest: ${sha(manifest)} size: ${manifest.length}`), 'the manifest, foreign URL included, is pushed as pulled');
  const head = await http('HEAD', `${registry.url}/v2/foreign2/blobs/${m.layers[1]!.digest}`);
  assert.equal(head.status, 404, 'the foreign blob was not uploaded');
});
