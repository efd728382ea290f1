/**
 * The mount lifecycle on the in-memory runtime with a temp-dir volume provider: create records the
 * mount points and undoes its volumes when it fails; start mounts the volumes and gives the spec
 * their binds; teardown unmounts them; `rm -v` and `--rm` release the anonymous ones only.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRuntime } from '../../runtime/fake.js';
import { TempDirVolumes } from '../../volume/temp-provider.js';
import { ContainerService } from './service.js';
import { fakeDeps, memorySnapshots, until } from './fake-deps.js';
import type { CreateRequest } from '../engine.js';

let root: string;
let runtime: FakeRuntime;
let volumes: TempDirVolumes;
let s: ContainerService;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'wharf-mounts-'));
  runtime = new FakeRuntime();
  volumes = new TempDirVolumes(join(root, 'volumes'));
  s = new ContainerService(await fakeDeps(root, runtime, { snapshots: memorySnapshots(), volumes }));
  await s.init();
});
afterEach(async () => {
  await s.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const req = (hostConfig: CreateRequest['hostConfig'], volumesOf: string[] = []): CreateRequest => ({
  config: { Image: 'busybox', Cmd: ['true'], ...(volumesOf.length > 0 ? { Volumes: Object.fromEntries(volumesOf.map((v) => [v, {}])) } : {}) },
  hostConfig,
});

test('create records the mount points; start binds the volumes the provider mounted; teardown unmounts them', async () => {
  const srv = join(root, 'srv'); // made at start, as -v makes a missing host dir
  const { Id } = await s.create(req({ Binds: ['data:/d', `${srv}:/s:ro`], Tmpfs: { '/t': 'size=1m' } }, ['/anon']));
  const rec = s.get(Id);
  assert.deepEqual(rec.MountPoints?.map((m) => [m.Type, m.Destination]), [['volume', '/d'], ['bind', '/s'], ['volume', '/anon']]);
  assert.deepEqual(volumes.calls.filter((c) => c.startsWith('mount data') || c.startsWith('unmount data')), [`mount data ${Id}`, `unmount data ${Id}`], 'mounted for the copy-up at create, and let go');
  await s.start(Id);
  const spec = runtime.containers.get(Id)!.req.spec;
  const own = spec.mounts.filter((m) => ['/d', '/s', '/anon', '/t'].includes(m.destination));
  assert.deepEqual(own.map((m) => [m.destination, m.source]), [
    ['/d', join(volumes.root, 'data', '_data')], ['/s', srv], ['/anon', rec.MountPoints![2]!.Source], ['/t', 'tmpfs'],
  ]);
  assert.equal(rec.MountPoints!.every((m) => !m.CopyData), true, 'copied (or not) once, at create');
  assert.deepEqual([...volumes.mounted.get('data') ?? []], [Id]);
  await runtime.exit(Id, 0);
  await until(() => s.get(Id).State.Status === 'exited');
  await until(() => (volumes.mounted.get('data')?.size ?? 0) === 0);
});

test('rm -v releases the anonymous volumes, rm alone none; named ones stay either way', async () => {
  const a = (await s.create(req({ Binds: ['keep:/k'] }, ['/anon']))).Id;
  const anon = s.get(a).MountPoints![1]!.Name!;
  await s.remove(a);
  assert.deepEqual([...volumes.volumes.keys()].sort(), [anon, 'keep'].sort());
  const b = (await s.create(req({ Binds: ['keep:/k'] }, ['/anon2']))).Id;
  const anon2 = s.get(b).MountPoints![1]!.Name!;
  await s.remove(b, { volumes: true });
  assert.equal(volumes.volumes.has(anon2), false);
  assert.ok(volumes.volumes.has('keep'));
  assert.deepEqual(volumes.calls.filter((c) => c.startsWith('release')), [`release ${anon2}`]);
});

test('--rm (AutoRemove) releases the anonymous volumes when the container exits', async () => {
  const { Id } = await s.create(req({ AutoRemove: true }, ['/scratch']));
  const name = s.get(Id).MountPoints![0]!.Name!;
  await s.start(Id);
  await runtime.exit(Id, 0);
  await until(() => !volumes.volumes.has(name));
});

test('a create that fails after its volumes were acquired releases them and leaves no record', async () => {
  await assert.rejects(s.create(req({ Binds: ['/x:/d'], VolumesFrom: ['nosuch'] })), /No such container: nosuch/);
  const before = volumes.calls.length;
  const snaps = memorySnapshots();
  snaps.prepare = async () => { throw new Error('no space'); };
  const failing = new ContainerService(await fakeDeps(root, runtime, { snapshots: snaps, volumes }));
  await assert.rejects(failing.create(req({ Binds: ['named:/n'] }, ['/a1'])), /no space/);
  assert.equal(s.list({ all: true }).length, 0);
  const made = volumes.calls.slice(before);
  assert.equal(made.filter((c) => c.startsWith('acquire')).length, 2);
  assert.equal(made.filter((c) => c.startsWith('release')).length, 1, 'the anonymous one');
  assert.deepEqual([...volumes.volumes.keys()], ['named']);
});
