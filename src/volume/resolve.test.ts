/** Mount resolution at create: Docker's order, precedence and messages; nothing left after a failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planMounts, resolveMounts } from './resolve.js';
import { TempDirVolumes } from './temp-provider.js';
import { InvalidMountError } from './mount-errors.js';
import type { MountPoint } from './mount-point.js';

const none = { container: () => undefined };
const isMountError = (message: string) => (e: unknown) => e instanceof InvalidMountError && e.message === message;

async function withProvider(fn: (p: TempDirVolumes) => Promise<void>, o: { failAcquireOf?: string } = {}): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-resolve-'));
  try {
    await fn(new TempDirVolumes(root, o));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('duplicates: two binds, a bind and a --mount, a bind and a --tmpfs (Docker 20.10\'s answers)', () => {
  assert.throws(() => planMounts({ Binds: ['/a:/x', '/b:/x'] }, none), isMountError('Duplicate mount point: /x'));
  assert.throws(() => planMounts({ Binds: ['/a:/x'], Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/x' }] }, none), isMountError('Duplicate mount point: /x'));
  assert.throws(() => planMounts({ Binds: ['/tmp:/x'], Tmpfs: { '/x': '' } }, none), isMountError('Duplicate mount point: /x'));
  // Docker lets a --mount and a --tmpfs share a destination, and a bind override an image VOLUME.
  assert.equal(planMounts({ Mounts: [{ Type: 'bind', Source: '/tmp', Target: '/x' }], Tmpfs: { '/x': '' } }, none).length, 1);
  const over = planMounts({ Binds: ['/tmp:/x:ro'], Volumes: { '/x': {} } }, none);
  assert.deepEqual(over.map((m) => [m.Type, m.Destination, m.RW]), [['bind', '/x', false]]);
});

test('order: --volumes-from, then binds, then mounts, then Config.Volumes where nothing is mounted', () => {
  const donor: MountPoint[] = [
    { Type: 'volume', Name: 'd1', Source: '/v/d1', Destination: '/d', Mode: 'z', RW: true, Propagation: '', CopyData: true, Anonymous: true },
    { Type: 'bind', Source: '/srv', Destination: '/b', Mode: '', RW: true, Propagation: 'rprivate', CopyData: false },
  ];
  const got = planMounts({
    VolumesFrom: ['donor:ro'], Binds: ['/h:/b'], Mounts: [{ Type: 'tmpfs', Target: '/t' }], Volumes: { '/d': {}, '/t': {}, '/new/': {} }, Tmpfs: { '/tt': '' },
  }, { container: (ref) => (ref === 'donor' ? { MountPoints: donor } : undefined) });
  assert.deepEqual(got.map((m) => [m.Type, m.Destination, m.Source, m.RW]), [
    ['volume', '/d', '/v/d1', false], ['bind', '/b', '/h', true], ['tmpfs', '/t', '', true], ['volume', '/new', '', true],
  ]);
  assert.equal(got[0]!.CopyData, false, 'a donor\'s volume is never copied into again');
  assert.equal(got[0]!.Mode, '');
  assert.throws(() => planMounts({ VolumesFrom: ['nosuch'] }, none), isMountError('No such container: nosuch'));
});

test('volumes are acquired: Source, Name and Driver filled in; Mode "z" for -v and --mount volumes, "" for Config.Volumes', () => withProvider(async (p) => {
  const got = await resolveMounts({ Binds: ['named:/n', 'nc:/nc:nocopy'], Mounts: [{ Type: 'volume', Target: '/m' }], Volumes: { '/img': {} } }, { ...none, volumes: p });
  assert.deepEqual(got.map((m) => [m.Destination, m.Mode, m.Driver, m.Anonymous]), [
    ['/n', 'z', 'local', false], ['/nc', 'nocopy', 'local', false], ['/m', 'z', 'local', true], ['/img', '', 'local', true],
  ]);
  assert.equal(got[0]!.Source, join(p.root, 'named', '_data'));
  assert.match(got[2]!.Name ?? '', /^[0-9a-f]{64}$/);
}));

test('a failed acquire releases the anonymous volumes acquired before it; a named one is not released', () => withProvider(async (p) => {
  await assert.rejects(resolveMounts({ Binds: ['/anon1', 'keep:/k', 'fails:/f'] }, { ...none, volumes: p }), /failed as the test asked/);
  assert.deepEqual([...p.volumes.keys()], ['keep']);
  assert.equal(p.calls.filter((c) => c.startsWith('release')).length, 1);
}, { failAcquireOf: 'fails' }));

test('bad volume names and drivers are refused before anything is acquired (Docker\'s messages)', () => withProvider(async (p) => {
  const bad = 'create bad!: "bad!" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path';
  await assert.rejects(resolveMounts({ Binds: ['/anon1', 'keep:/k', 'bad!:/b'] }, { ...none, volumes: p }), (e: Error) => e.message === bad);
  await assert.rejects(resolveMounts({ Binds: ['a/b:/x'] }, { ...none, volumes: p }), /create a\/b: "a\/b" includes invalid characters/);
  await assert.rejects(resolveMounts({ Binds: ['vv:/x'], VolumeDriver: 'foo' }, { ...none, volumes: p }), (e: Error) => e.message === 'create vv: error looking up volume plugin foo: plugin "foo" not found');
  await assert.rejects(resolveMounts({ Mounts: [{ Type: 'volume', Target: '/x', VolumeOptions: { DriverConfig: { Name: 'foo' } } }] }, { ...none, volumes: p }),
    (e: Error) => /^create [0-9a-f]{64}: error looking up volume plugin foo: plugin "foo" not found$/.test(e.message));
  assert.deepEqual(p.calls, []);
}));

test('nothing is acquired when a later mount is bad', () => withProvider(async (p) => {
  await assert.rejects(resolveMounts({ Binds: ['v1:/a'], Mounts: [{ Type: 'bind', Source: '/nonexist', Target: '/b' }] }, { ...none, volumes: p }),
    isMountError('invalid mount config for type "bind": bind source path does not exist: /nonexist'));
  assert.deepEqual(p.calls, []);
}));
