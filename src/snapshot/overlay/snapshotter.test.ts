/**
 * The overlay snapshotter on real overlayfs (tests run as root): prepare, mount, write, changes,
 * commit into a layer, read-only views beside a live mount, removal, crash leftovers.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalContentStore } from '../../content/store.js';
import { LayerStore } from '../layer-store.js';
import { OverlaySnapshotter } from './snapshotter.js';
import { mountAll, unmountAll } from '../../sys/mount.js';
import { tarOf } from '../../archive/fixture-tar.js';
import { TEMP_PREFIX } from '../../util/atomic-file.js';
import type { Digest } from '../../oci/digest.js';

let root: string;
let snaps: OverlaySnapshotter;
let layers: LayerStore;
const mounted: string[] = [];

async function layer(files: Record<string, string>): Promise<Digest> {
  const tar = tarOf(Object.entries(files).map(([name, data]) => ({ name, data, mode: 0o644 })));
  return (await layers.apply(Readable.from([tar]))).layer.diffId;
}

async function mountAt(mounts: Parameters<typeof mountAll>[0]): Promise<string> {
  const dir = join(root, `m${mounted.length}`);
  mkdirSync(dir);
  await mountAll(mounts, dir);
  mounted.push(dir);
  return dir;
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'wharf-snap-'));
  const content = new LocalContentStore(join(root, 'content'));
  layers = new LayerStore(join(root, 'layers'));
  snaps = new OverlaySnapshotter(join(root, 'snapshots'), layers, content);
  await Promise.all([content.init(), layers.init(), snaps.init()]);
});

afterEach(async () => {
  for (const m of mounted.splice(0).reverse()) await unmountAll(m);
  rmSync(root, { recursive: true, force: true });
});

test('an active snapshot shows its layers top first and keeps its own changes', async () => {
  const base = await layer({ 'a.txt': 'base', 'b.txt': 'base' });
  const top = await layer({ 'b.txt': 'top' });
  const dir = await mountAt(await snaps.prepare('c1', [base, top]));
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'base');
  assert.equal(readFileSync(join(dir, 'b.txt'), 'utf8'), 'top');
  writeFileSync(join(dir, 'new.txt'), 'mine');
  writeFileSync(join(dir, 'a.txt'), 'changed');
  unlinkSync(join(dir, 'b.txt'));
  const changes = await snaps.changes('c1');
  assert.deepEqual(changes, [{ Path: '/a.txt', Kind: 0 }, { Path: '/b.txt', Kind: 2 }, { Path: '/new.txt', Kind: 1 }]);
  assert.deepEqual(await snaps.changes('c1', { skip: new Set(['/new.txt']) }), changes.filter((c) => c.Path !== '/new.txt'));
  assert.equal((await snaps.usage('c1')).size, 'mine'.length + 'changed'.length);
});

test('prepare is idempotent; a missing layer is refused before anything is made', async () => {
  const base = await layer({ 'a.txt': 'x' });
  assert.deepEqual(await snaps.prepare('c1', [base]), await snaps.prepare('c1', [base]));
  await assert.rejects(snaps.prepare('c2', [`sha256:${'9'.repeat(64)}` as Digest]), { code: 'MISSING_LAYER' });
  assert.equal(existsSync(join(root, 'snapshots', 'c2')), false);
  await assert.rejects(snaps.mounts('c2'), { code: 'SNAPSHOT_NOT_FOUND' });
  await assert.rejects(snaps.prepare('../evil', [base]), /invalid snapshot key/);
});

test('commit stores the changes as a layer whose diff holds them; no changes is no layer', async () => {
  const base = await layer({ 'a.txt': 'x' });
  const dir = await mountAt(await snaps.prepare('c1', [base]));
  assert.equal(await snaps.commit('c1'), undefined);
  writeFileSync(join(dir, 'n.txt'), 'committed');
  const committed = await snaps.commit('c1');
  assert.ok(committed);
  assert.equal(committed.diffId, committed.blob.digest, 'stored uncompressed: the blob digest is the diffID');
  assert.equal(readFileSync(join(layers.diffDir(committed.diffId), 'n.txt'), 'utf8'), 'committed');
  const child = await mountAt(await snaps.view('v1', [base, committed.diffId]));
  assert.equal(readFileSync(join(child, 'n.txt'), 'utf8'), 'committed', 'a view over the new layer sees it');
});

test('a read-only mount of an active snapshot works beside its live mount and sees its changes', async () => {
  const base = await layer({ 'a.txt': 'x' });
  const live = await mountAt(await snaps.prepare('c1', [base]));
  writeFileSync(join(live, 'n.txt'), 'live');
  const ro = await mountAt(await snaps.mounts('c1', { readonly: true }));
  assert.equal(readFileSync(join(ro, 'n.txt'), 'utf8'), 'live');
  assert.throws(() => writeFileSync(join(ro, 'x'), 'no'), { code: 'EROFS' });
  const empty = await mountAt(await snaps.mounts((await snaps.prepare('c0', []), 'c0'), { readonly: true }));
  assert.deepEqual(readdirSync(empty), [], 'an image without layers still mounts');
});

test('remove takes the snapshot and its changes; init sweeps what a crash left', async () => {
  const base = await layer({ 'a.txt': 'x' });
  await snaps.prepare('c1', [base]);
  await snaps.remove('c1');
  await snaps.remove('c1');
  assert.equal(existsSync(join(root, 'snapshots', 'c1')), false);
  mkdirSync(join(root, 'snapshots', `${TEMP_PREFIX}half-made`));
  await snaps.init();
  assert.deepEqual(readdirSync(join(root, 'snapshots')), []);
});
