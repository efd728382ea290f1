/**
 * Garbage collection: unreferenced blobs and untagged manifests go, referenced content and
 * referrers of kept manifests stay, --dry-run changes nothing, the grace period protects pushes in
 * flight, and a GC running during pushes never leaves a manifest pointing at a missing blob.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, utimes, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectGarbage } from '../../src/distribution/server/storage/gc.js';
import { errorCode, http, makeImage, pushBlob, pushImage, sha, startRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Makes everything under `dir` look an hour old. */
async function age(dir: string): Promise<void> {
  const past = new Date(Date.now() - 3600_000);
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) await utimes(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name), past, past);
  }
}

async function blobExists(reg: TestRegistry, d: string): Promise<boolean> {
  return stat(join(reg.root, 'blobs', 'sha256', d.slice(7, 9), d.slice(7))).then(() => true, () => false);
}

/** Pulls every blob of a tagged image; true when all are readable and verify. */
async function pullable(reg: TestRegistry, name: string, tag: string): Promise<boolean> {
  const m = await http('GET', `${reg.url}/v2/${name}/manifests/${tag}`);
  if (m.status !== 200) return false;
  const doc = m.json();
  for (const d of [doc.config.digest, ...doc.layers.map((l: { digest: string }) => l.digest)]) {
    const b = await http('GET', `${reg.url}/v2/${name}/blobs/${d}`);
    if (b.status !== 200 || sha(b.body) !== d) return false;
  }
  return true;
}

describe('registry gc', { timeout: 120_000 }, () => {
  it('removes unreferenced blobs and untagged manifests; dry-run changes nothing', async () => {
    const reg = await startRegistry({ deleteEnabled: true });
    try {
      const keep = makeImage({ files: { a: 'keep', shared: 'shared' } });
      const drop = makeImage({ files: { b: 'drop', shared: 'shared' } });
      await pushImage(reg.url, 'gc/keep', keep, 'v1');
      await pushImage(reg.url, 'gc/drop', drop, 'v1');
      const orphan = Buffer.from('orphan blob');
      await pushBlob(reg.url, 'gc/drop', orphan);
      assert.equal((await http('DELETE', `${reg.url}/v2/gc/drop/manifests/v1`)).status, 202);
      const tagDir = join(reg.root, 'repositories', 'gc', 'keep', '_manifests', 'tags');
      await writeFile(join(tagDir, '.tmp-v1-abc123'), 'torn');
      await writeFile(join(reg.root, 'blobs', 'sha256', '.tmp-orphan'), 'torn');
      await age(reg.root);

      const dry = await collectGarbage(reg.root, { dryRun: true, graceMs: 60_000 });
      assert.deepEqual(dry.manifestsDeleted, [{ repository: 'gc/drop', digest: drop.digest }]);
      assert.ok((dry.blobsDeleted as string[]).includes(sha(orphan)));
      assert.ok(await blobExists(reg, sha(orphan)));
      assert.equal((await http('GET', `${reg.url}/v2/gc/drop/manifests/${drop.digest}`)).status, 200);

      const report = await collectGarbage(reg.root, { graceMs: 60_000 });
      const strayTemps = (await readdir(reg.root, { recursive: true })).filter((p) => p.includes('.tmp-'));
      const dropOnly = [sha(orphan), drop.digest, sha(drop.config), sha(drop.layers[0]!)];
      assert.deepEqual([...report.blobsDeleted].sort(), [...dropOnly].sort());
      for (const d of dropOnly) assert.equal(await blobExists(reg, d), false, d);
      assert.equal(await blobExists(reg, sha(drop.layers[1]!)), true, 'shared layer kept');
      assert.ok(await pullable(reg, 'gc/keep', 'v1'));
      assert.equal(errorCode(await http('GET', `${reg.url}/v2/gc/drop/manifests/${drop.digest}`)), 'MANIFEST_UNKNOWN');
      assert.equal((await http('HEAD', `${reg.url}/v2/gc/drop/blobs/${sha(orphan)}`)).status, 404);
      assert.deepEqual(await readdir(join(reg.root, 'trash')).catch(() => []), []);
      assert.deepEqual(strayTemps, [], 'leftovers of interrupted writes are swept');
    } finally {
      await reg.close();
    }
  });

  it('keeps index children, referrers of kept manifests, and anything younger than the grace period', async () => {
    const reg = await startRegistry();
    try {
      const child = makeImage();
      await pushImage(reg.url, 'gc/idx', child, 'child-tmp');
      const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: OCI_MANIFEST, digest: child.digest, size: child.manifest.length }] }));
      assert.equal((await http('PUT', `${reg.url}/v2/gc/idx/manifests/multi`, { headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }, body: index })).status, 201);
      const sbom = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/spdx+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(child.config), size: child.config.length },
        layers: [], subject: { mediaType: OCI_MANIFEST, digest: child.digest, size: child.manifest.length },
      }));
      assert.equal((await http('PUT', `${reg.url}/v2/gc/idx/manifests/${sha(sbom)}`, { headers: { 'Content-Type': OCI_MANIFEST }, body: sbom })).status, 201);
      const young = Buffer.from('uploaded just now, manifest not pushed yet');
      await age(reg.root);
      await pushBlob(reg.url, 'gc/idx', young);
      // the tag that pinned the child goes; the index still references it
      await import('node:fs/promises').then((fs) => fs.rm(join(reg.root, 'repositories', 'gc', 'idx', '_manifests', 'tags', 'child-tmp')));
      const report = await collectGarbage(reg.root, { graceMs: 60_000 });
      assert.deepEqual(report.manifestsDeleted, []);
      assert.deepEqual(report.blobsDeleted, []);
      assert.ok(await pullable(reg, 'gc/idx', child.digest));
      assert.equal((await http('GET', `${reg.url}/v2/gc/idx/referrers/${child.digest}`)).json().manifests.length, 1);
      assert.ok(await blobExists(reg, sha(young)));
    } finally {
      await reg.close();
    }
  });

  it('never breaks pushes that run during GC', async () => {
    const reg = await startRegistry();
    try {
      const old = makeImage();
      await pushImage(reg.url, 'gc/race', old, 'old');
      const garbage = Buffer.from('old garbage');
      await pushBlob(reg.url, 'gc/race', garbage);
      await age(reg.root);
      let pushing = true;
      const pushes = (async () => {
        const results: number[] = [];
        for (let i = 0; i < 40; i++) {
          const img = makeImage({ files: { f: `race ${i}`, shared: 'old layer?' } });
          results.push((await pushImage(reg.url, 'gc/race', img, `t${i}`)).status);
        }
        pushing = false;
        return results;
      })();
      let deleted = 0;
      let rounds = 0;
      while (pushing || rounds < 3) {
        deleted += (await collectGarbage(reg.root, { graceMs: 30_000 })).blobsDeleted.length;
        rounds++;
      }
      const statuses = await pushes;
      assert.ok(rounds >= 3);
      assert.ok(statuses.every((s) => s === 201), `push statuses: ${statuses.join(',')}`);
      assert.ok(deleted >= 1, 'old garbage collected');
      assert.equal(await blobExists(reg, sha(garbage)), false);
      for (let i = 0; i < statuses.length; i++) assert.ok(await pullable(reg, 'gc/race', `t${i}`), `t${i}`);
      assert.ok(await pullable(reg, 'gc/race', 'old'));
    } finally {
      await reg.close();
    }
  });

  it('spares an old blob a pusher just HEADed (and skipped uploading), so its manifest push succeeds', async () => {
    const reg = await startRegistry();
    try {
      const img = makeImage();
      for (const b of [img.config, ...img.layers]) await pushBlob(reg.url, 'gc/head', b);
      await age(reg.root);
      for (const b of [img.config, ...img.layers]) assert.equal((await http('HEAD', `${reg.url}/v2/gc/head/blobs/${sha(b)}`)).status, 200);
      const report = await collectGarbage(reg.root, { graceMs: 60_000 });
      assert.deepEqual(report.blobsDeleted, []);
      const put = await http('PUT', `${reg.url}/v2/gc/head/manifests/v1`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
      assert.equal(put.status, 201);
      const unheaded = await collectGarbage(reg.root, { graceMs: 0 });
      assert.deepEqual(unheaded.blobsDeleted, [], 'now referenced by a tag');
    } finally {
      await reg.close();
    }
  });

  it('restores a blob from the trash when a push references it mid-GC', async () => {
    const reg = await startRegistry();
    try {
      const img = makeImage();
      for (const b of [img.config, ...img.layers]) await pushBlob(reg.url, 'gc/trash', b);
      // What GC's sweep does to an unreferenced blob, caught between trash and delete:
      const { BlobStore } = await import('../../src/distribution/server/storage/blob-store.js');
      const { Layout } = await import('../../src/distribution/server/storage/layout.js');
      const blobs = new BlobStore(new Layout(reg.root));
      assert.ok(await blobs.moveToTrash(sha(img.layers[0]!) as never));
      assert.equal(await blobExists(reg, sha(img.layers[0]!)), false);
      const put = await http('PUT', `${reg.url}/v2/gc/trash/manifests/v1`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
      assert.equal(put.status, 201);
      assert.ok(await pullable(reg, 'gc/trash', 'v1'));
    } finally {
      await reg.close();
    }
  });
});
