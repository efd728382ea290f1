/**
 * What a failed pull may leave behind, checked from outside the daemon: `docker images -a` must not
 * change, no ingest file or temp dir may stay, and whatever new blobs or layer dirs remain (layers
 * that finished before another failed) must be garbage the collector sweeps (`docker image prune -f`
 * runs a collection).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDaemon } from '../helpers/daemon.js';

export interface StoreState { images: string; blobs: string[]; layers: string[] }

const ls = (dir: string) => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};

export async function storeState(d: TestDaemon): Promise<StoreState> {
  const r = await d.docker(['images', '-a', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  assert.equal(r.code, 0, r.stderr);
  return {
    images: r.stdout.split('\n').filter(Boolean).sort().join('\n'),
    blobs: ls(join(d.dataRoot, 'content', 'blobs', 'sha256')),
    layers: ls(join(d.dataRoot, 'layers')).filter((n) => n !== 'l'),
  };
}

/** Asserts that the pull that just failed left nothing but garbage, then sweeps that garbage. */
export async function assertNothingLeft(d: TestDaemon, before: StoreState): Promise<void> {
  const now = await storeState(d);
  assert.equal(now.images, before.images, 'docker images -a changed');
  assert.deepEqual(ls(join(d.dataRoot, 'content', 'ingest')), [], 'ingest files left');
  assert.deepEqual(now.layers.filter((n) => n.startsWith('.')), [], 'temp layer dirs left');
  const prune = await d.docker(['image', 'prune', '-f']);
  assert.equal(prune.code, 0, prune.stderr);
  const swept = await storeState(d);
  assert.deepEqual(swept, before, 'blobs or layers outlived a collection');
}
