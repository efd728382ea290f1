/**
 * The volume service over a real local driver in a temp dir: create/inspect/list/remove/prune with
 * Docker's semantics and messages, the in-use rule from container records, events, and the
 * provider's per-container mount counting (with a recording mounter here; real tmpfs mounts are in
 * provider-mount.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VolumeService } from './service.js';
import { LocalDriver, type DeviceMounter } from '../../volume/driver.js';
import { VolumeStore } from '../../volume/store.js';
import { EventJournal } from '../events/journal.js';
import { EngineError } from '../errors.js';
import type { Filters } from '../filters.js';

interface Rig { svc: VolumeService; journal: EventJournal; users: Map<string, string[]>; mounts: string[]; root: string }

/** A mounter that records what it would do. */
function recordingMounter(log: string[]): DeviceMounter {
  const mounted = new Set<string>();
  return {
    mountDevice: async (dev, target, type, o) => { log.push(`mount ${type} ${dev} ${o}`); mounted.add(target); },
    unmountAll: async (target) => { if (mounted.delete(target)) log.push('unmount'); },
    isMounted: async (target) => mounted.has(target),
  };
}

async function rig(fn: (r: Rig) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-volsvc-'));
  try {
    const mounts: string[] = [];
    const driver = new LocalDriver(new VolumeStore(root), recordingMounter(mounts));
    await driver.init();
    const journal = new EventJournal();
    const users = new Map<string, string[]>();
    const svc = new VolumeService({ driver, journal, users: (n) => users.get(n) ?? [] });
    await fn({ svc, journal, users, mounts, root });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const f = (o: Record<string, string[]>): Filters => new Map(Object.entries(o));
const code = (c: string, message?: string) => (e: unknown) => e instanceof EngineError && e.code === c && (message === undefined || e.message === message);
const ID = 'c'.repeat(64);

test('create answers the existing volume of a name, unchanged, and announces only the first', () => rig(async ({ svc, journal }) => {
  const v = await svc.create({ Name: 'vt1', Labels: { a: 'b' } });
  assert.equal(v.Mountpoint.endsWith('/vt1/_data'), true);
  assert.match(v.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const again = await svc.create({ Name: 'vt1', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
  assert.deepEqual(again, v);
  assert.deepEqual(journal.recent().map((e) => [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes]), [['volume', 'create', 'vt1', { driver: 'local' }]]);
}));

test('bad names, options and drivers get Docker messages and nothing is made', () => rig(async ({ svc, root }) => {
  await assert.rejects(svc.create({ Name: 'x/y' }), code('INVALID_ARGUMENT'));
  await assert.rejects(svc.create({ Name: 'vt1', DriverOpts: { foo: 'bar' } }), code('INVALID_ARGUMENT', 'create vt1: invalid option: "foo"'));
  await assert.rejects(svc.create({ Name: 'vt2', Driver: 'nope' }), code('NOT_FOUND', 'create vt2: error looking up volume plugin nope: plugin "nope" not found'));
  assert.deepEqual(await readdir(root), []);
}));

test('a volume without a name is anonymous: 64 hex digits and Docker\'s label', () => rig(async ({ svc }) => {
  const v = await svc.create({ Labels: { x: '1' } });
  assert.match(v.Name, /^[0-9a-f]{64}$/);
  assert.deepEqual(v.Labels, { x: '1', 'com.docker.volume.anonymous': '' });
  const a = await svc.acquire({ Name: 'named', anonymous: true });
  assert.deepEqual(a.Labels, { 'com.docker.volume.anonymous': '' });
}));

test('inspect and remove of a missing volume; force makes remove quiet', () => rig(async ({ svc }) => {
  assert.throws(() => svc.inspect('nope'), code('NOT_FOUND', 'get nope: no such volume'));
  await assert.rejects(svc.remove('nope'), code('NOT_FOUND', 'get nope: no such volume'));
  await svc.remove('nope', { force: true });
}));

test('a volume a container names is in use: remove refused (even forced), with the full IDs', () => rig(async ({ svc, users, journal }) => {
  await svc.create({ Name: 'v1' });
  users.set('v1', [ID]);
  for (const force of [false, true]) await assert.rejects(svc.remove('v1', { force }), code('CONFLICT', `remove v1: volume is in use - [${ID}]`));
  users.delete('v1');
  await svc.remove('v1');
  assert.throws(() => svc.inspect('v1'), code('NOT_FOUND'));
  assert.deepEqual(journal.recent().at(-1)?.Action, 'destroy');
}));

test('list filters: dangling, name as a regular expression, driver exact, label; sorted by name', () => rig(async ({ svc, users }) => {
  for (const n of ['vt2', 'vt1', 'other']) await svc.create({ Name: n, Labels: n === 'vt1' ? { k: 'v' } : null });
  users.set('vt1', [ID]);
  const names = (o: Record<string, string[]>) => svc.list(f(o)).map((v) => v.Name);
  assert.deepEqual(names({}), ['other', 'vt1', 'vt2']);
  assert.deepEqual(names({ dangling: ['true'] }), ['other', 'vt2']);
  assert.deepEqual(names({ dangling: ['0'] }), ['vt1']);
  assert.deepEqual(names({ dangling: ['true', 'false'] }), ['other', 'vt2']);
  assert.deepEqual(names({ name: ['t1$'] }), ['vt1']);
  assert.deepEqual(names({ name: ['^vt'] }), ['vt1', 'vt2']);
  assert.deepEqual(names({ driver: ['loc'] }), []);
  assert.deepEqual(names({ driver: ['local'], label: ['k=v'] }), ['vt1']);
  assert.throws(() => svc.list(f({ dangling: ['maybe'] })), code('INVALID_ARGUMENT', "Invalid filter 'dangling=[maybe]'"));
  assert.throws(() => svc.list(f({ bogus: ['zz'] })), code('INVALID_ARGUMENT', "Invalid filter 'bogus'"));
  assert.throws(() => svc.list(f({ 'label!': ['zz'] })), code('INVALID_ARGUMENT', "Invalid filter 'label!'"));
}));

test('prune: anonymous unused volumes by default, all with all=true, label filters, sizes', () => rig(async ({ svc, users, journal }) => {
  const anon = await svc.create({});
  const anonUsed = await svc.create({});
  await svc.create({ Name: 'named', Labels: { keep: '1' } });
  await svc.create({ Name: 'named2' });
  users.set(anonUsed.Name, [ID]);
  await writeFile(join(anon.Mountpoint, 'f'), '12345');
  assert.deepEqual(await svc.prune(f({})), { VolumesDeleted: [anon.Name], SpaceReclaimed: 5 });
  assert.deepEqual(journal.recent().at(-1)?.Actor, { ID: '', Attributes: { reclaimed: '5' } });
  assert.deepEqual(await svc.prune(f({ all: ['true'], 'label!': ['keep'] })), { VolumesDeleted: ['named2'], SpaceReclaimed: 0 });
  assert.deepEqual((await svc.prune(f({ all: ['1'] }))).VolumesDeleted, ['named']);
  assert.deepEqual(svc.list().map((v) => v.Name), [anonUsed.Name]);
  await assert.rejects(svc.prune(f({ dangling: ['true'] })), code('INVALID_ARGUMENT', "Invalid filter 'dangling'"));
}));

test('usage: sizes and reference counts, volumes with driver options left out', () => rig(async ({ svc, users }) => {
  const v = await svc.create({ Name: 'v1' });
  await svc.create({ Name: 'dev', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
  await writeFile(join(v.Mountpoint, 'a'), 'ab');
  users.set('v1', [ID, 'd'.repeat(64)]);
  assert.deepEqual((await svc.usage()).map((u) => [u.Name, u.UsageData]), [['v1', { Size: 2, RefCount: 2 }]]);
  assert.equal(svc.inspect('v1').UsageData, undefined);
}));

test('provider: a device volume is mounted for the first container and unmounted after the last', () => rig(async ({ svc, mounts, journal }) => {
  await svc.acquire({ Name: 'tv', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
  const at = { destination: '/d', rw: true, propagation: '' };
  const p1 = await svc.mount('tv', 'c1', at);
  await svc.mount('tv', 'c1', at);
  await svc.mount('tv', 'c2');
  assert.deepEqual(mounts, ['mount tmpfs tmpfs size=1m']);
  await assert.rejects(svc.remove('tv'), code('CONFLICT', 'remove tv: volume is in use - [c1, c2]'));
  await svc.unmount('tv', 'c1');
  await svc.unmount('tv', 'c1');
  assert.deepEqual(mounts, ['mount tmpfs tmpfs size=1m']);
  await svc.unmount('tv', 'c2');
  assert.deepEqual(mounts, ['mount tmpfs tmpfs size=1m', 'unmount']);
  assert.ok(p1.endsWith('/tv/_data'));
  const ev = journal.recent().filter((e) => e.Action === 'mount' || e.Action === 'unmount').map((e) => [e.Action, e.Actor.Attributes]);
  assert.deepEqual(ev, [
    ['mount', { container: 'c1', destination: '/d', driver: 'local', propagation: '', 'read/write': 'true' }],
    ['unmount', { container: 'c1', driver: 'local' }],
    ['unmount', { container: 'c2', driver: 'local' }],
  ]);
}));

test('provider: acquire creates once; release removes an unused volume and keeps one in use', () => rig(async ({ svc, users }) => {
  const a = await svc.acquire({ Name: 'n1' });
  assert.deepEqual(await svc.acquire({ Name: 'n1' }), a);
  users.set('n1', [ID]);
  await svc.release('n1');
  assert.equal(svc.inspect('n1').Name, 'n1');
  users.delete('n1');
  await svc.mount('n1', 'c9');
  await svc.release('n1');
  assert.equal(svc.inspect('n1').Name, 'n1');
  await svc.unmount('n1', 'c9');
  await svc.release('n1');
  await svc.release('n1');
  assert.throws(() => svc.inspect('n1'), code('NOT_FOUND'));
  await assert.rejects(svc.mount('n1', 'c9'), code('NOT_FOUND', 'mount n1: no such volume'));
}));

test('provider: a reference from acquire keeps a volume from rm and prune until the record names it or it is dropped', () => rig(async ({ svc, users }) => {
  const anon = await svc.acquire({ anonymous: true, containerId: 'c1' });
  await svc.acquire({ Name: 'named', containerId: 'c1' });
  await svc.acquire({ Name: 'named', containerId: 'c2' });
  assert.deepEqual((await svc.prune(f({ all: ['true'] }))).VolumesDeleted, []);
  await assert.rejects(svc.remove('named'), code('CONFLICT', 'remove named: volume is in use - [c1, c2]'));
  assert.deepEqual(svc.list(f({ dangling: ['true'] })), []);
  users.set(anon.Name, ['c1']); // c1's record is saved: its MountPoints answer from now on
  users.set('named', ['c1']);
  svc.dereference('c1');
  await assert.rejects(svc.remove('named'), code('CONFLICT', 'remove named: volume is in use - [c1, c2]'));
  svc.dereference('c2');
  svc.dereference('c2');
  users.clear(); // c1 removed
  await svc.release(anon.Name);
  assert.throws(() => svc.inspect(anon.Name), code('NOT_FOUND'));
  await svc.remove('named');
  const other = await svc.acquire({ anonymous: true, containerId: 'c3' });
  await svc.release(other.Name);
  assert.equal(svc.inspect(other.Name).Name, other.Name, 'still referenced by c3');
  await svc.release(other.Name, 'c3');
  assert.throws(() => svc.inspect(other.Name), code('NOT_FOUND'));
}));
