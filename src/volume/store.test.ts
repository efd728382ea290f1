/**
 * The metadata store: a volume is whole or absent. Leftovers of interrupted creates and removes
 * (`.tmp-*` directories) are swept at init, including those of a process killed with SIGKILL in
 * the middle of creating volumes; directories that are not Wharf's volumes are left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readdir, rm, stat, readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VolumeStore, type VolumeRecord } from './store.js';
import { VolumePathTakenError } from './errors.js';

const rec = (name: string): VolumeRecord => ({ Name: name, Driver: 'local', CreatedAt: '2026-12-02T03:12:48Z', Labels: null, Options: null });

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-volstore-'));
  try {
    await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('create, reload, remove', () => withRoot(async (root) => {
  const s = new VolumeStore(root);
  await s.init();
  await s.create({ ...rec('v1'), Labels: { a: 'b' } });
  assert.ok((await stat(join(root, 'v1', '_data'))).isDirectory());
  const again = new VolumeStore(root);
  await again.init();
  assert.deepEqual(again.get('v1'), { ...rec('v1'), Labels: { a: 'b' } });
  await again.remove('v1');
  assert.equal(again.get('v1'), undefined);
  assert.deepEqual(await readdir(root), []);
}));

test('leftovers of an interrupted create and remove are swept; foreign directories stay', () => withRoot(async (root) => {
  await mkdir(join(root, '.tmp-half-abc', '_data'), { recursive: true });
  await writeFile(join(root, '.tmp-half-abc', '_data', 'f'), 'x');
  await mkdir(join(root, '.tmp-gone-def', '_data'), { recursive: true });
  await mkdir(join(root, 'foreign', '_data'), { recursive: true });
  await writeFile(join(root, 'foreign', '_data', 'keep'), 'mine');
  const swept: string[] = [];
  const s = new VolumeStore(root);
  await s.init(async (d) => { swept.push(d); });
  assert.deepEqual(s.list(), []);
  assert.deepEqual((await readdir(root)).sort(), ['foreign']);
  assert.equal(await readFile(join(root, 'foreign', '_data', 'keep'), 'utf8'), 'mine');
  await assert.rejects(s.create(rec('foreign')), VolumePathTakenError);
  assert.equal(await readFile(join(root, 'foreign', '_data', 'keep'), 'utf8'), 'mine', 'never taken over');
  assert.deepEqual((await readdir(root)).sort(), ['foreign'], 'nothing half-made');
  assert.deepEqual(swept.sort(), [join(root, '.tmp-gone-def', '_data'), join(root, '.tmp-half-abc', '_data')]);
}));

test('a record naming another volume is not taken for this one', () => withRoot(async (root) => {
  await mkdir(join(root, 'v2', '_data'), { recursive: true });
  await writeFile(join(root, 'v2', 'volume.json'), JSON.stringify(rec('other')));
  const s = new VolumeStore(root);
  await s.init();
  assert.equal(s.get('v2'), undefined);
  assert.equal(s.get('other'), undefined);
}));

/** A child process creating volumes as fast as it can, killed with SIGKILL in the middle. */
async function createUntilKilled(root: string, ms: number, prefix: string): Promise<void> {
  const store = fileURLToPath(new URL('./store.js', import.meta.url));
  const script = `import { VolumeStore } from ${JSON.stringify(store)};
    const s = new VolumeStore(${JSON.stringify(root)}); await s.init();
    for (let i = 0; ; i++) await s.create({ Name: ${JSON.stringify(prefix)} + i, Driver: 'local', CreatedAt: '', Labels: { i: ${JSON.stringify(prefix)} + i }, Options: null });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', 'the child was still creating volumes when killed');
}

test('after a SIGKILL in the middle of creates, every volume listed is whole and nothing half-made remains', () => withRoot(async (root) => {
  for (const [i, ms] of [300, 400, 500].entries()) await createUntilKilled(root, ms, `r${i}-`);
  const s = new VolumeStore(root);
  await s.init();
  const names = s.list().map((r) => r.Name);
  assert.ok(names.length > 0, 'the child created some volumes');
  for (const n of names) {
    assert.equal(s.get(n)?.Labels?.i, n);
    assert.ok((await stat(s.dataPath(n))).isDirectory());
  }
  const onDisk = await readdir(root);
  assert.deepEqual(onDisk.filter((n) => n.startsWith('.tmp-')), []);
  assert.deepEqual(onDisk.sort(), [...names].sort());
}));
