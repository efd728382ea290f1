/**
 * Garbage collection: blobs and unpacked layers no image references go at daemon start (what a
 * crash mid-load leaves) and after rmi; layers a container still uses stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from '../helpers/daemon.js';

test('orphan blobs and layer dirs are swept when the daemon starts; referenced ones stay', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const blobsDir = join(d.dataRoot, 'content/blobs/sha256');
    const layersDir = join(d.dataRoot, 'layers');
    const keptBlobs = readdirSync(blobsDir).sort();
    const keptLayers = readdirSync(layersDir).sort();
    await d.stop();
    const orphan = 'ab'.repeat(32);
    writeFileSync(join(blobsDir, orphan), 'left by a crash');
    mkdirSync(join(layersDir, orphan, 'diff'), { recursive: true });
    writeFileSync(join(layersDir, orphan, 'layer.json'), JSON.stringify({ diffId: `sha256:${orphan}`, size: 1, link: 'ORPHANLINK' }));
    await d.start();
    assert.deepEqual(readdirSync(blobsDir).sort(), keptBlobs);
    assert.deepEqual(readdirSync(layersDir).sort(), keptLayers);
    const run = await d.docker(['run', '--rm', 'busybox', 'true']);
    assert.equal(run.code, 0, run.stderr);
  } finally {
    await d.cleanup();
  }
});
