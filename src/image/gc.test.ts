import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalContentStore } from '../content/store.js';
import { LayerStore } from '../snapshot/layer-store.js';
import { ImageStore } from './store.js';
import { GarbageCollector } from './gc.js';
import { tarOf, streamOf } from '../archive/fixture-tar.js';

async function withStores(fn: (s: { content: LocalContentStore; layers: LayerStore; images: ImageStore }) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-gc-'));
  try {
    const content = new LocalContentStore(join(root, 'c'));
    const layers = new LayerStore(join(root, 'l'));
    const images = new ImageStore(join(root, 'i'));
    await Promise.all([content.init(), layers.init(), images.init()]);
    await fn({ content, layers, images });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('collect keeps what records reference and sweeps the rest, with sizes', async () => {
  await withStores(async ({ content, layers, images }) => {
    const kept = await content.put(Buffer.from('config'));
    const layerTar = tarOf([{ name: 'f', data: 'abc' }]);
    const { layer } = await layers.apply(streamOf(layerTar));
    const orphanLayer = (await layers.apply(streamOf(tarOf([{ name: 'g', data: 'zz' }])))).layer;
    await content.put(Buffer.from('orphan'));
    await images.put({ id: kept.digest, layers: [{ diffId: layer.diffId }], repoDigests: [], size: 3, loaded: '' });
    const gc = new GarbageCollector(content, layers, images);
    const report = await gc.collect();
    assert.deepEqual([report.blobs.length, report.blobBytes, report.layers, report.layerBytes], [1, 6, [orphanLayer.diffId], 2]);
    assert.deepEqual((await content.list()).map((b) => b.digest), [kept.digest]);
    assert.deepEqual((await layers.list()).map((l) => l.diffId), [layer.diffId]);
  });
});

test('a collection waits for leases; a blob written under a lease survives until the lease ends', async () => {
  await withStores(async ({ content, layers, images }) => {
    const gc = new GarbageCollector(content, layers, images);
    let release!: () => void;
    let written!: () => void;
    const put = new Promise<void>((r) => (written = r));
    const held = gc.lease(async () => {
      await content.put(Buffer.from('in flight'));
      written();
      await new Promise<void>((r) => (release = r));
    });
    await put; // a fixed sleep here raced a slow fsync under load
    const collecting = gc.collect();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await content.list()).length, 1, 'not swept while leased');
    release();
    await held;
    const report = await collecting;
    assert.equal(report.blobs.length, 1);
  });
});

test('held digests survive collections that run meanwhile, and go once released', async () => {
  await withStores(async ({ content, layers, images }) => {
    const gc = new GarbageCollector(content, layers, images);
    const blob = await content.put(Buffer.from('pulling'));
    const { layer } = await layers.apply(streamOf(tarOf([{ name: 'p', data: 'x' }])));
    const release = await gc.hold([blob.digest, layer.diffId]);
    const again = await gc.hold([blob.digest]);
    const report = await gc.collect();
    assert.deepEqual([report.blobs, report.layers], [[], []], 'a collection does not wait for holds, and keeps what they name');
    await release();
    await release();
    assert.deepEqual((await gc.collect()).layers, [layer.diffId], 'released: the layer goes, the blob another holder keeps stays');
    assert.equal((await content.list()).length, 1);
    await again();
    assert.deepEqual((await gc.collect()).blobs, [blob.digest]);
  });
});

test('a hold outlives its process in the lease dir: a new collector keeps what it names, until the lease is a day old', async () => {
  await withStores(async ({ content, layers, images }) => {
    const dir = join(await mkdtemp(join(tmpdir(), 'wharf-leases-')), 'leases');
    try {
      const blob = await content.put(Buffer.from('half-pulled'));
      await new GarbageCollector(content, layers, images, dir).hold([blob.digest]); // never released: the daemon "crashed"
      const next = new GarbageCollector(content, layers, images, dir);
      assert.deepEqual((await next.collect()).blobs, [], 'kept after a restart');
      const [file] = await readdir(dir);
      const old = new Date(Date.now() - 25 * 3600 * 1000);
      await utimes(join(dir, file!), old, old);
      assert.deepEqual((await next.collect()).blobs, [blob.digest], 'a stale lease keeps nothing');
      assert.deepEqual(await readdir(dir), []);
      const again = await content.put(Buffer.from('half-pulled again'));
      const running = await content.put(Buffer.from('being pulled'));
      await new GarbageCollector(content, layers, images, dir).hold([again.digest]);
      const live = await next.hold([running.digest]);
      assert.deepEqual((await next.collect(undefined, { reclaimLeases: true })).blobs, [again.digest], 'a prune frees what a failed pull kept, not what a running one holds');
      await live();
    } finally {
      await rm(dirname(dir), { recursive: true, force: true });
    }
  });
});
