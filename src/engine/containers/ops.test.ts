/**
 * pause/unpause, rename, update and prune against the in-memory runtime: the state changes, the
 * runtime calls in order, the events and the refusals with Docker's messages (taken from Docker
 * 20.10). The real runc/conmon path is proved in test/compat/container-ops*.test.ts.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRuntime } from '../../runtime/fake.js';
import { EventJournal } from '../events/journal.js';
import { ContainerService } from './service.js';
import type { ContainerDeps } from './deps.js';
import { fakeDeps, memorySnapshots } from './fake-deps.js';

let root: string;
let runtime: FakeRuntime;
let journal: EventJournal;
const services: ContainerService[] = [];

async function service(o: Partial<ContainerDeps> = {}): Promise<ContainerService> {
  const s = new ContainerService(await fakeDeps(root, runtime, { journal, ...o }));
  await s.init();
  services.push(s);
  return s;
}

async function running(s: ContainerService, o: { name?: string; stopSignal?: string; labels?: Record<string, string> } = {}): Promise<string> {
  const { Id } = await s.create({
    name: o.name, config: { Image: 'busybox', Cmd: ['sleep', '300'], ...(o.stopSignal ? { StopSignal: o.stopSignal } : {}), Labels: o.labels ?? {} }, hostConfig: {},
  });
  await s.start(Id);
  return Id;
}

const actions = (id?: string) => journal.recent().filter((e) => id === undefined || e.Actor.ID === id).map((e) => e.Action);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wharf-ops-'));
  runtime = new FakeRuntime();
  journal = new EventJournal();
});

afterEach(() => {
  for (const s of services.splice(0)) s.shutdown();
  rmSync(root, { recursive: true, force: true });
});

test('pause freezes through the runtime and says paused; unpause thaws; each announces its event', async () => {
  const s = await service();
  const id = await running(s);
  await s.pause(id);
  assert.equal(s.get(id).State.Status, 'paused');
  assert.equal(runtime.containers.get(id)?.status, 'paused');
  assert.equal(s.list().length, 1, 'a paused container is listed without --all');
  await s.unpause(id);
  assert.equal(s.get(id).State.Status, 'running');
  assert.deepEqual(actions(id), ['create', 'start', 'pause', 'unpause']);
  assert.deepEqual(journal.recent().at(-1)?.Actor.Attributes, { image: 'busybox', name: s.get(id).Name.slice(1) });
});

test("pause and unpause refuse with Docker's messages and statuses", async () => {
  const s = await service();
  const id = await running(s);
  await s.pause(id);
  await assert.rejects(s.pause(id), { code: 'CONFLICT', message: `Container ${id} is already paused` });
  await assert.rejects(s.start(id), { code: 'CONFLICT', message: 'cannot start a paused container, try unpause instead' });
  await assert.rejects(s.remove(id), {
    code: 'CONFLICT', message: `You cannot remove a paused container ${id}. Unpause and then stop the container before attempting removal or force remove`,
  });
  assert.throws(() => s.attach(id, { stdin: false, stdout: true, stderr: true, logs: false, stream: true }), {
    code: 'CONFLICT', message: `container ${id} is paused, unpause the container before attach`,
  });
  await s.unpause(id);
  await assert.rejects(s.unpause(id), { code: 'INTERNAL', message: `Container ${id} is not paused` });
  await s.kill(id);
  await assert.rejects(s.pause(id), { code: 'CONFLICT', message: `Container ${id} is not running` });
  await assert.rejects(s.unpause(id), { code: 'INTERNAL', message: `Container ${id} is not paused` });
  await assert.rejects(s.pause('nosuch'), { code: 'NOT_FOUND', message: 'No such container: nosuch' });
});

test('stop of a paused container signals it, then thaws it so the signal lands (Docker: kill, unpause, die)', async () => {
  const s = await service();
  const id = await running(s);
  await s.pause(id);
  await s.stop(id, { timeout: 5 });
  assert.deepEqual([s.get(id).State.Status, s.get(id).State.ExitCode], ['exited', 143]);
  assert.deepEqual(runtime.calls.filter((c) => /^(kill|resume|pause)/.test(c)), [`pause ${id}`, `kill ${id} 15`, `resume ${id}`]);
  assert.deepEqual(actions(id), ['create', 'start', 'pause', 'kill', 'unpause', 'die', 'stop']);
});

test('a SIGKILL (kill, rm -f) thaws a paused container with no unpause event: it dies at once', async () => {
  const s = await service();
  const id = await running(s);
  await s.pause(id);
  await s.remove(id, { force: true });
  assert.equal(s.list({ all: true }).length, 0);
  assert.deepEqual(actions(id), ['create', 'start', 'pause', 'kill', 'die', 'destroy']);
});

test('a signal other than the configured stop signal leaves the container paused (it lands on unpause)', async () => {
  const s = await service();
  const id = await running(s, { stopSignal: 'SIGUSR2' });
  runtime.ignored.add(1);
  await s.pause(id);
  await s.kill(id, 'HUP');
  assert.equal(s.get(id).State.Status, 'paused');
  await s.kill(id, 'USR2');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual([s.get(id).State.Status, s.get(id).State.ExitCode], ['exited', 128 + 12]);
});

test('wait on a paused container waits; a commit pauses a running one and leaves a paused one paused', async () => {
  const s = await service();
  const id = await running(s);
  await s.pause(id);
  let settled = false;
  void s.wait(id).result.then(() => (settled = true));
  await s.commitLayer(id, { pause: true }, async () => undefined);
  assert.equal(s.get(id).State.Status, 'paused', 'the user paused it: commit does not unpause');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(settled, false);
  await s.unpause(id);
  await s.commitLayer(id, { pause: true }, async () => undefined);
  assert.equal(s.get(id).State.Status, 'running');
  assert.deepEqual(actions(id), ['create', 'start', 'pause', 'unpause', 'pause', 'unpause']);
  await s.kill(id);
  assert.equal(settled, true);
});

test('a restarted daemon keeps a paused container paused, and thaws one a commit froze when it died', async () => {
  const first = await service();
  const a = await running(first, { name: 'aa' });
  const b = await running(first, { name: 'bb' });
  await first.pause(a);
  first.shutdown();
  await runtime.pause(b); // frozen by the runtime, the record says running: a commit cut short
  const second = await service();
  assert.equal(second.get(a).State.Status, 'paused');
  assert.equal(runtime.containers.get(a)?.status, 'paused', 'nothing was torn down');
  assert.equal(second.get(b).State.Status, 'running');
  assert.equal(runtime.containers.get(b)?.status, 'running', 'thawed');
  await second.unpause(a);
  assert.equal(second.get(a).State.Status, 'running');
});

test('rename keeps the container (running too), frees the old name, announces rename with oldName', async () => {
  const s = await service();
  const id = await running(s, { name: 'old1' });
  await s.rename('old1', 'new1');
  assert.equal(s.get(id).Name, '/new1');
  assert.throws(() => s.get('old1'), { code: 'NOT_FOUND' });
  assert.equal(s.get(id).State.Status, 'running');
  const e = journal.recent().at(-1)!;
  assert.deepEqual([e.Action, e.Actor.Attributes], ['rename', { image: 'busybox', name: 'new1', oldName: '/old1' }]);
  await running(s, { name: 'old1' }); // the old name is free again
});

test("rename refuses with Docker's messages, in Docker's order", async () => {
  const s = await service();
  const a = await running(s, { name: 'aa' });
  const b = await running(s, { name: 'bb' });
  await assert.rejects(s.rename('aa', ''), { code: 'INVALID_ARGUMENT', message: 'Neither old nor new names may be empty' });
  await assert.rejects(s.rename('nosuch', 'cc'), { code: 'NOT_FOUND', message: 'No such container: nosuch' });
  await assert.rejects(s.rename('aa', '/aa'), { code: 'INVALID_ARGUMENT', message: 'Renaming a container with the same name as its current name' });
  await assert.rejects(s.rename('aa', 'x'), {
    code: 'INVALID_ARGUMENT', message: 'Error when allocating new name: Invalid container name (/x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
  });
  await assert.rejects(s.rename('aa', 'bb'), {
    code: 'CONFLICT',
    message: `Error when allocating new name: Conflict. The container name "/bb" is already in use by container "${b}". You have to remove (or rename) that container to be able to reuse that name.`,
  });
  assert.equal(s.get(a).Name, '/aa');
  assert.deepEqual(actions().filter((x) => x === 'rename'), []);
});

test('concurrent renames (and a create) racing for one name: exactly one gets it', async () => {
  const s = await service();
  const ids = await Promise.all(['r1', 'r2', 'r3'].map((name) => running(s, { name })));
  const results = await Promise.allSettled([
    ...ids.map((id) => s.rename(id, 'prize')),
    s.create({ name: 'prize', config: { Image: 'busybox' }, hostConfig: {} }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.equal(s.list({ all: true }).filter((c) => c.Name === '/prize').length, 1);
});

test('update applies the merged limits to a running container and saves them; a stopped one only saves', async () => {
  const s = await service();
  const id = await running(s);
  const r = await s.update(id, { Memory: 64 << 20, MemorySwap: 128 << 20, PidsLimit: 20, NanoCpus: 5e8, CpuShares: 512 });
  assert.deepEqual(r, { Warnings: [] });
  const h = s.get(id).HostConfig;
  assert.deepEqual([h.Memory, h.MemorySwap, h.PidsLimit, h.NanoCpus, h.CpuShares], [64 << 20, 128 << 20, 20, 5e8, 512]);
  assert.deepEqual(runtime.updates.at(-1)?.resources, {
    memory: { limit: 64 << 20, swap: 128 << 20 }, cpu: { period: 100_000, quota: 50_000, shares: 512 }, pids: { limit: 20 },
  });
  await s.update(id, { PidsLimit: -1 });
  assert.equal(s.get(id).HostConfig.PidsLimit, 0, 'stored as 0, as Docker stores "unlimited"');
  assert.deepEqual(runtime.updates.at(-1)?.resources.pids, { limit: -1 }, 'runc is told to lift the limit');
  assert.deepEqual(actions(id).filter((x) => x === 'update').length, 2);
  await s.kill(id);
  const before = runtime.updates.length;
  await s.update(id, { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 }, CpuShares: 100 });
  assert.equal(runtime.updates.length, before, 'a stopped container is not touched at the runtime');
  assert.deepEqual([s.get(id).HostConfig.RestartPolicy, s.get(id).HostConfig.CpuShares], [{ Name: 'on-failure', MaximumRetryCount: 3 }, 100]);
});

test("update refuses with Docker's messages and leaves the record as it was when the runtime fails", async () => {
  const s = await service();
  const id = await running(s);
  const cannot = (why: string) => `Cannot update container ${id}: ${why}`;
  await assert.rejects(s.update(id, { Memory: 1000 }), { code: 'INVALID_ARGUMENT', message: 'Minimum memory limit allowed is 6MB' });
  await assert.rejects(s.update(id, { Memory: 64 << 20 }), {
    code: 'CONFLICT', message: cannot('Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time'),
  });
  await assert.rejects(s.update(id, { Memory: 64 << 20, MemorySwap: 32 << 20 }), { message: 'Minimum memoryswap limit should be larger than memory limit, see usage' });
  await assert.rejects(s.update(id, { MemoryReservation: 1000 }), { message: 'Minimum memory reservation allowed is 6MB' });
  await assert.rejects(s.update(id, { NanoCpus: 1e9, CpuPeriod: 1000 }), { message: 'Conflicting options: Nano CPUs and CPU Period cannot both be set' });
  await s.update(id, { NanoCpus: 1e9 });
  await assert.rejects(s.update(id, { CpuQuota: 50_000 }), { code: 'CONFLICT', message: cannot('Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set') });
  await assert.rejects(s.update(id, { RestartPolicy: { Name: 'bogus' as 'no' } }), { code: 'INVALID_ARGUMENT', message: "invalid restart policy 'bogus'" });
  await assert.rejects(s.update(id, { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: -1 } }), { message: 'maximum retry count cannot be negative' });
  await assert.rejects(s.update('nosuch', {}), { code: 'NOT_FOUND', message: 'No such container: nosuch' });
  runtime.failNextUpdate = 'the minimum allowed cpu-shares is 2';
  await assert.rejects(s.update(id, { CpuShares: 1 }), { code: 'INTERNAL', message: cannot('the minimum allowed cpu-shares is 2') });
  assert.equal(s.get(id).HostConfig.CpuShares ?? 0, 0, 'nothing saved');
  const auto = await s.create({ config: { Image: 'busybox' }, hostConfig: { AutoRemove: true } });
  await assert.rejects(s.update(auto.Id, { RestartPolicy: { Name: 'always' } }), {
    code: 'CONFLICT', message: `Cannot update container ${auto.Id}: Restart policy cannot be updated because AutoRemove is enabled for the container`,
  });
  await s.update(auto.Id, { RestartPolicy: { Name: 'no' } });
});

test('prune removes created and exited containers (not running or paused ones), filtered; one prune event with the bytes', async () => {
  const sizes = new Map<string, number>();
  const s = await service({ snapshots: memorySnapshots(sizes) });
  const keep = await running(s, { labels: { ops: '1' } });
  const paused = await running(s, { labels: { ops: '1' } });
  await s.pause(paused);
  const exited = await running(s, { labels: { ops: '1' } });
  await s.kill(exited);
  sizes.set(exited, 1234);
  const created = (await s.create({ config: { Image: 'busybox', Labels: { ops: '1', keep: 'yes' } }, hostConfig: {} })).Id;
  const other = (await s.create({ config: { Image: 'busybox', Labels: { ops: '2' } }, hostConfig: {} })).Id;
  const r = await s.prune(new Map([['label', ['ops=1']], ['label!', ['keep']]]));
  assert.deepEqual(r, { ContainersDeleted: [exited], SpaceReclaimed: 1234 });
  const e = journal.recent().at(-1)!;
  assert.deepEqual([e.Action, e.Actor], ['prune', { ID: '', Attributes: { reclaimed: '1234' } }]);
  assert.deepEqual(await s.prune(new Map([['until', ['1h']]])), { ContainersDeleted: [], SpaceReclaimed: 0 }, 'all created just now');
  assert.deepEqual((await s.prune(new Map())).ContainersDeleted.sort(), [created, other].sort());
  assert.deepEqual(s.list({ all: true }).map((c) => c.Id).sort(), [keep, paused].sort());
  await assert.rejects(s.prune(new Map([['bogus', ['1']]])), { code: 'INVALID_ARGUMENT', message: "Invalid filter 'bogus'" });
  await assert.rejects(s.prune(new Map([['until', ['10s', '20s']]])), { code: 'INVALID_ARGUMENT', message: 'more than one until filter specified' });
});
