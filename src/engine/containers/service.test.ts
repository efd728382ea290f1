/**
 * The container lifecycle against the in-memory runtime (runtime/fake.ts): ordering of create →
 * start → exit → restart → remove, concurrent stop/rm/kill, failed starts, reconciliation after a
 * daemon restart. The real runc/conmon/overlay path is proved by the integration suites.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRuntime } from '../../runtime/fake.js';
import { ConflictError, NotModifiedError } from '../errors.js';
import { EventJournal } from '../events/journal.js';
import { ContainerService } from './service.js';
import type { ContainerDeps } from './deps.js';
import { fakeDeps, memorySnapshots, until } from './fake-deps.js';
import type { ContainerRecord } from './record.js';
import { MONITOR_LOST } from './exit.js';
import type { Prober } from './probe.js';

let root: string;
let runtime: FakeRuntime;
let snapshots: ReturnType<typeof memorySnapshots>;
let services: ContainerService[] = [];
/** What the health monitors of the next service() run (a test of healthchecks replaces it). */
let prober: Prober;

async function service(o: Partial<ContainerDeps> = {}): Promise<ContainerService> {
  const s = new ContainerService(await fakeDeps(root, runtime, { snapshots, prober, ...o }));
  await s.init();
  services.push(s);
  return s;
}

async function created(s: ContainerService, o: { name?: string; cmd?: string[]; autoRemove?: boolean } = {}): Promise<string> {
  const { Id } = await s.create({ name: o.name, config: { Image: 'busybox', Cmd: o.cmd ?? ['sleep', '300'] }, hostConfig: { AutoRemove: o.autoRemove ?? false } });
  return Id;
}


beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wharf-lifecycle-'));
  runtime = new FakeRuntime();
  snapshots = memorySnapshots();
  prober = async () => ({ exitCode: 0, output: '' });
});

afterEach(() => {
  for (const s of services.splice(0)) s.shutdown();
  rmSync(root, { recursive: true, force: true });
});

test('create → start → exit → restart → remove, in that order at the runtime', async () => {
  const s = await service();
  const id = await created(s);
  assert.ok(snapshots.keys.has(id), 'the snapshot is prepared at create');
  await s.start(id);
  assert.equal(s.get(id).State.Status, 'running');
  await runtime.exit(id, 3);
  assert.deepEqual([s.get(id).State.Status, s.get(id).State.ExitCode], ['exited', 3]);
  await s.restart(id);
  assert.equal(s.get(id).State.Status, 'running');
  await s.remove(id, { force: true });
  assert.throws(() => s.get(id), { code: 'NOT_FOUND', message: `No such container: ${id}` });
  assert.ok(!snapshots.keys.has(id), 'the snapshot goes with the container');
  assert.deepEqual(runtime.calls.filter((c) => !c.startsWith('kill')), [
    `create ${id}`, `start ${id}`, `delete ${id}`, `create ${id}`, `start ${id}`, `delete ${id}`, `delete ${id}`,
  ]);
});

test('a SIGKILL returns once the exit is recorded; a signal the process ignores returns at once', async () => {
  const s = await service();
  const id = await created(s);
  await s.start(id);
  runtime.ignored.add(15);
  await s.kill(id, 'TERM');
  assert.equal(s.get(id).State.Status, 'running');
  await s.kill(id);
  assert.deepEqual([s.get(id).State.Status, s.get(id).State.ExitCode], ['exited', 137]);
  await s.remove(id); // no force needed right after the kill
});

test('stop sends the stop signal, then SIGKILL after the timeout', async () => {
  const s = await service();
  const id = await created(s);
  await s.start(id);
  runtime.ignored.add(15);
  const t0 = Date.now();
  await s.stop(id, { timeout: 1 });
  assert.ok(Date.now() - t0 >= 900, 'waited for the timeout');
  assert.deepEqual([s.get(id).State.Status, s.get(id).State.ExitCode], ['exited', 137]);
  assert.ok(runtime.calls.includes(`kill ${id} 15`) && runtime.calls.includes(`kill ${id} 9`));
  await assert.rejects(s.stop(id), NotModifiedError);
});

test('start of a running container is a no-op (304); remove of a running one needs force (409)', async () => {
  const s = await service();
  const id = await created(s);
  await s.start(id);
  await assert.rejects(s.start(id), NotModifiedError);
  await assert.rejects(s.remove(id), (e: unknown) => e instanceof ConflictError && /You cannot remove a running container/.test(e.message));
  await s.remove(id, { force: true });
});

test('concurrent stop, kill and remove -f settle with the container gone and nothing left at the runtime', async () => {
  const s = await service();
  const id = await created(s);
  await s.start(id);
  runtime.ignored.add(15);
  const results = await Promise.allSettled([s.stop(id, { timeout: 0 }), s.kill(id), s.remove(id, { force: true }), s.kill(id)]);
  for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError || r.reason?.code === 'NOT_FOUND', String(r.reason));
  await until(() => !s.list({ all: true }).some((c) => c.Id === id));
  assert.equal(runtime.containers.has(id), false);
  assert.equal(snapshots.keys.has(id), false);
});

test('a failed start is recorded (ExitCode, Error), torn down, and not an exit', async () => {
  const s = await service();
  const id = await created(s, { cmd: ['nosuch'] });
  const waited = s.wait(id, 'next-exit').result;
  let exited = false;
  void waited.then(() => (exited = true));
  runtime.failNextCreate = 'runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH';
  await assert.rejects(s.start(id), { code: 'INVALID_ARGUMENT', message: /failed to create shim task: OCI runtime create failed: .*executable file not found/ });
  const st = s.get(id).State;
  assert.deepEqual([st.Status, st.ExitCode], ['created', 127]);
  assert.match(st.Error, /executable file not found/);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(exited, false, 'waiters do not see a failed start');
  await s.start(id).catch(() => undefined); // a second try runs: nothing was left half-made
  assert.equal(s.get(id).State.Status, 'running');
  await s.remove(id, { force: true });
});

test('--rm containers go after their exit and after a failed start', async () => {
  const s = await service();
  const a = await created(s, { autoRemove: true });
  const removedA = s.wait(a, 'removed').result;
  await s.start(a);
  await runtime.exit(a, 0);
  assert.deepEqual(await removedA, { StatusCode: 0 });
  const b = await created(s, { autoRemove: true });
  const removedB = s.wait(b, 'removed').result;
  runtime.failNextCreate = 'boom';
  await assert.rejects(s.start(b));
  assert.deepEqual(await removedB, { StatusCode: 128 }, 'no error in the removed wait, as Docker answers');
  assert.deepEqual(s.list({ all: true }), []);
});

test('a wait registered before the start sees the exit; not-running on a stopped container answers at once', async () => {
  const s = await service();
  const id = await created(s);
  const w = s.wait(id, 'next-exit').result;
  await s.start(id);
  await runtime.exit(id, 7);
  assert.deepEqual(await w, { StatusCode: 7 });
  assert.deepEqual(await s.wait(id).result, { StatusCode: 7 });
});

test('a restarted daemon records exits that happened while it was away, and containers whose monitor is gone', async () => {
  const first = await service();
  const a = await created(first, { name: 'a1' });
  const b = await created(first, { name: 'b1' });
  await first.start(a);
  await first.start(b);
  first.shutdown(); // the daemon goes away; the containers do not
  await runtime.exit(a, 4); // recorded by the monitor, nobody listening
  runtime.containers.delete(b); // the monitor died with the container
  const second = await service();
  assert.deepEqual([second.get(a).State.Status, second.get(a).State.ExitCode], ['exited', 4]);
  assert.deepEqual([second.get(b).State.Status, second.get(b).State.ExitCode, second.get(b).State.Error], ['exited', 255, MONITOR_LOST]);
  assert.equal(runtime.exits.has(a), false, 'the recorded exit is cleared once taken');
});

test('concurrent creates without a name never draw the same name: it is reserved when drawn', async () => {
  // Every create draws "dup" first: the first takes it, the others must see it taken at once and draw again.
  let n = 0;
  const s = await service({ randomName: () => { const i = n++; return i % 2 === 0 ? 'dup' : `name_${i}`; } });
  const ids = await Promise.all(Array.from({ length: 50 }, () => created(s)));
  const names = new Set(ids.map((id) => s.get(id).Name));
  assert.equal(names.size, 50);
  assert.ok(names.has('/dup'));
});

/** A container whose healthcheck runs `check` every 20 ms (a Test of CMD), started. */
async function startedWithHealthcheck(s: ContainerService, healthcheck: object = { Test: ['CMD', 'check'], Interval: 20e6 }): Promise<string> {
  const { Id } = await s.create({ config: { Image: 'busybox', Cmd: ['sleep', '300'], Healthcheck: healthcheck }, hostConfig: {} });
  await s.start(Id);
  return Id;
}

/** A container with restart policy `policy`, started. */
async function startedWithPolicy(s: ContainerService, Name: 'always' | 'on-failure'): Promise<string> {
  const { Id } = await s.create({ config: { Image: 'busybox', Cmd: ['sh'] }, hostConfig: { RestartPolicy: { Name } } });
  await s.start(Id);
  return Id;
}

const saved = (id: string) => JSON.parse(readFileSync(join(root, 'containers', id, 'container.json'), 'utf8')) as ContainerRecord;

test('healthchecks: starting at start, healthy after a probe, persisted; the exit stops probing and leaves it unhealthy', async () => {
  const probes: string[][] = [];
  prober = async (_rec, cmd) => (probes.push(cmd), { exitCode: 0, output: 'ok' });
  const s = await service();
  const id = await startedWithHealthcheck(s);
  assert.deepEqual(saved(id).State.Health, { Status: 'starting', FailingStreak: 0, Log: [] }, 'saved with the running state');
  await until(() => s.get(id).State.Health?.Status === 'healthy');
  assert.deepEqual(probes[0], ['check']);
  await until(() => saved(id).State.Health?.Status === 'healthy');
  await runtime.exit(id, 0);
  const after = probes.length;
  assert.equal(saved(id).State.Health?.Status, 'unhealthy', 'Docker\'s status once the monitor stopped, saved with the exit');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(probes.length, after, 'no probe after the exit');
  await s.start(id);
  assert.deepEqual([s.get(id).State.Health?.Status, s.get(id).State.Health?.FailingStreak], ['starting', 0], 'a new start is starting again');
  assert.ok(s.get(id).State.Health!.Log.length > 0, 'with the log of the run before');
  await s.remove(id, { force: true });
});

test('healthchecks: a container without one, or with NONE, has no State.Health and is never probed', async () => {
  let probed = 0;
  prober = async () => (probed++, { exitCode: 0, output: '' });
  const s = await service();
  const none = await startedWithHealthcheck(s, { Test: ['NONE'] });
  const plain = await created(s);
  await s.start(plain);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(probed, 0);
  assert.equal(s.get(none).State.Health, undefined);
  assert.equal(s.get(plain).State.Health, undefined);
});

test('healthchecks: removal aborts the probe in flight and stops the monitor', async () => {
  const signals: AbortSignal[] = [];
  prober = (_rec, _cmd, o) => new Promise((resolve) => {
    signals.push(o.signal!);
    o.signal!.addEventListener('abort', () => resolve({ exitCode: -1, output: '' }));
  });
  const s = await service();
  const id = await startedWithHealthcheck(s);
  await until(() => signals.length === 1);
  await s.remove(id, { force: true });
  assert.equal(signals[0]!.aborted, true);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(signals.length, 1, 'no probe after the removal');
});

test('healthchecks: a restarted daemon resumes probing; the status is starting again (Docker\'s restore), the log kept', async () => {
  let code = 1;
  prober = async () => ({ exitCode: code, output: '' });
  const first = await service();
  const id = await startedWithHealthcheck(first, { Test: ['CMD', 'check'], Interval: 20e6, Retries: 1 });
  await until(() => first.get(id).State.Health?.Status === 'unhealthy');
  first.shutdown();
  await until(() => saved(id).State.Health?.Status === 'unhealthy');
  const logged = saved(id).State.Health!.Log.length;
  code = 0;
  const second = await service();
  const h = second.get(id).State.Health!;
  assert.deepEqual([h.Status, h.FailingStreak], ['starting', 0]);
  assert.ok(h.Log.length >= logged);
  await until(() => second.get(id).State.Health?.Status === 'healthy');
  await second.remove(id, { force: true });
});

test('the policy is read from the record at each exit: one changed after create (docker update) applies at the next exit', async () => {
  const s = await service();
  const id = await created(s);
  s.get(id).HostConfig.RestartPolicy = { Name: 'always', MaximumRetryCount: 0 };
  await s.start(id);
  await runtime.exit(id, 0);
  assert.deepEqual([s.get(id).State.Status, s.get(id).RestartCount], ['restarting', 1]);
  await until(() => s.get(id).State.Status === 'running');
  s.get(id).HostConfig.RestartPolicy = { Name: 'no', MaximumRetryCount: 0 };
  await runtime.exit(id, 0);
  assert.deepEqual([s.get(id).State.Status, s.get(id).RestartCount], ['exited', 1]);
});

test('a stop while a policy restart is starting: the start completes, the stop then ends it, and the policy stays cancelled', async () => {
  const s = await service();
  const id = await startedWithPolicy(s, 'always');
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const start = runtime.start.bind(runtime);
  let entered = false;
  runtime.start = async (cid) => { entered = true; await gate; return start(cid); };
  await runtime.exit(id, 1);
  await until(() => entered); // the back-off ended; the start holds the container's mutex
  const stopped = s.stop(id, { timeout: 1 });
  release();
  await stopped;
  assert.deepEqual([s.get(id).State.Status, s.get(id).State.ExitCode, s.get(id).RestartCount], ['exited', 143, 1]);
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(s.get(id).State.Status, 'exited', 'no restart after the stop');
});

test('wait on a restarting container returns at its next exit (Docker counts it as running)', async () => {
  const s = await service();
  const id = await startedWithPolicy(s, 'on-failure');
  await runtime.exit(id, 2);
  assert.equal(s.get(id).State.Status, 'restarting');
  let done = false;
  const w = s.wait(id).result.then((r) => ((done = true), r));
  await until(() => s.get(id).State.Status === 'running');
  assert.equal(done, false);
  await runtime.exit(id, 5);
  assert.deepEqual(await w, { StatusCode: 5 });
  await s.remove(id, { force: true });
  assert.equal(runtime.containers.has(id), false);
});

test('the lifecycle is announced in the journal in order, with Docker\'s attributes; an OOM kill is recorded and announced', async () => {
  const journal = new EventJournal();
  const s = await service({ journal });
  const id = await created(s, { name: 'jr' });
  await s.start(id);
  runtime.oomed.add(id);
  await runtime.exit(id, 137);
  assert.equal(s.get(id).State.OOMKilled, true);
  await s.start(id);
  assert.equal(s.get(id).State.OOMKilled, false, 'a start clears it, as Docker does');
  await s.resize(id, 24, 80);
  await s.remove(id, { force: true });
  const seen = journal.recent().map((e) => [e.Action, e.Actor.ID === id, e.Actor.Attributes]);
  const base = { image: 'busybox', name: 'jr' };
  assert.deepEqual(seen, [
    ['create', true, base], ['start', true, base], ['oom', true, base], ['die', true, { ...base, exitCode: '137' }],
    ['start', true, base], ['resize', true, { ...base, height: '24', width: '80' }], ['kill', true, { ...base, signal: '9' }],
    ['die', true, { ...base, exitCode: '137' }], ['destroy', true, base],
  ]);
});
