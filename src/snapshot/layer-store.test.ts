import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LayerStore } from './layer-store.js';
import { tarOf } from '../archive/fixture-tar.js';

test('a removed layer is gone for get (records are cached), and comes back whole when applied again', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wharf-layers-'));
  try {
    const layers = new LayerStore(root);
    await layers.init();
    const tar = tarOf([{ name: 'f', data: 'x', mode: 0o644 }]);
    const { layer } = await layers.apply(Readable.from([tar]));
    assert.deepEqual(await layers.get(layer.diffId), layer);
    await layers.remove(layer.diffId);
    assert.equal(await layers.get(layer.diffId), undefined);
    const again = await layers.apply(Readable.from([tar]), { expectedDiffId: layer.diffId });
    assert.ok(again.result, 'unpacked again, not taken for present');
    assert.ok(existsSync(join(layers.linkPath(again.layer), 'f')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
