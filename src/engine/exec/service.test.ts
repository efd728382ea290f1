/**
 * Exec instances against the in-memory runtime (runtime/fake.ts): Docker's refusals and their
 * order, the states an instance goes through, what it runs (environment, user, working directory,
 * capabilities, TTY), its events, and when it is forgotten. The real conmon path is proved by
 * test/runtime/conmon-exec.test.ts and the integration suites.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRuntime } from '../../runtime/fake.js';
import { hostCapabilities } from '../../runtime/spec/capabilities.js';
import { EventJournal } from '../events/journal.js';
import { ContainerService } from '../containers/service.js';
import { fakeDeps, until } from '../containers/fake-deps.js';
import type { OutputSink } from '../engine.js';
import { ExecService } from './service.js';
import { ExecStore } from './store.js';

let root: string;
let runtime: FakeRuntime;
let journal: EventJournal;
let containers: ContainerService;
let execs: ExecService;
let store: ExecStore;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'wharf-exec-'));
  runtime = new FakeRuntime();
  journal = new EventJournal();
  store = new ExecStore();
  const deps = await fakeDeps(root, runtime, {
    journal, execs: store, prober: (rec, cmd, o) => execs.prober(rec, cmd, o),
  });
  containers = new ContainerService(deps);
  await containers.init();
  execs = new ExecService(deps, store);
});

afterEach(() => {
  execs.shutdown();
  containers.shutdown();
  rmSync(root, { recursive: true, force: true });
});

async function running(name = 'box', config: Record<string, unknown> = {}): Promise<string> {
  const { Id } = await containers.create({ name, config: { Image: 'busybox', Cmd: ['sleep', '300'], ...config }, hostConfig: {} });
  await containers.start(Id);
  return Id;
}


const proc = (id: string) => runtime.execs.get(id)!;

test('create refuses as Docker does, in Docker\'s order', async () => {
  assert.throws(() => execs.create('nosuch', { Cmd: [] }), { code: 'INVALID_ARGUMENT', message: 'No exec command specified' });
  assert.throws(() => execs.create('nosuch', { Cmd: ['true'] }), { code: 'NOT_FOUND', message: 'No such container: nosuch' });
  const { Id } = await containers.create({ name: 'stopped', config: { Image: 'busybox', Cmd: ['true'] }, hostConfig: {} });
  assert.throws(() => execs.create('stopped', { Cmd: ['true'] }), { code: 'CONFLICT', message: `Container ${Id} is not running` });
  const id = await running();
  containers.get(id).State.Status = 'paused';
  assert.throws(() => execs.create('box', { Cmd: ['true'] }), { code: 'CONFLICT', message: 'Container box is paused, unpause the container before exec' });
  containers.get(id).State.Status = 'restarting';
  assert.throws(() => execs.create(id, { Cmd: ['true'] }), { code: 'CONFLICT', message: `Container ${id} is restarting, wait until the container is running` });
  containers.get(id).State.Status = 'running';
  assert.throws(() => execs.create(id, { Cmd: ['true'], DetachKeys: 'bogus' }), { code: 'INTERNAL', message: 'Invalid escape keys (bogus) provided' });
  assert.throws(() => execs.inspect('nosuch'), { code: 'NOT_FOUND', message: 'No such exec instance: nosuch' });
});

test('an instance goes created → running → ended, listed in the container\'s ExecIDs until it ends', async () => {
  const cid = await running();
  const { Id } = execs.create(cid, { Cmd: ['sh', '-c', 'exit 3'], AttachStdout: true, User: '0', DetachKeys: 'ctrl-x' });
  assert.deepEqual(execs.inspect(Id), {
    ID: Id, ContainerID: cid, Running: false, ExitCode: null, Pid: 0, Entrypoint: 'sh', Args: ['-c', 'exit 3'], Tty: false,
    Privileged: false, User: '0', OpenStdin: false, OpenStdout: true, OpenStderr: false, CanRemove: false, DetachKeys: [0x18],
  });
  assert.deepEqual((await containers.inspect(cid)).execIds, [Id]);
  await execs.start(Id);
  const running_ = execs.inspect(Id);
  assert.deepEqual([running_.Running, running_.ExitCode, running_.Pid], [true, null, proc(Id).pid]);
  await assert.rejects(execs.start(Id), { code: 'CONFLICT', message: `Error: Exec command ${Id} is already running` });
  proc(Id).end(3);
  await until(() => execs.inspect(Id).ExitCode === 3);
  assert.deepEqual([execs.inspect(Id).Running, execs.inspect(Id).Pid], [false, proc(Id).pid]);
  assert.equal((await containers.inspect(cid)).execIds, null);
  await assert.rejects(execs.start(Id), { code: 'CONFLICT', message: `Error: Exec command ${Id} has already run` });
  await until(() => proc(Id).deleted);
});

test('the process: the container\'s spec with the exec\'s command, TTY, environment, directory, user and capabilities', async () => {
  const cid = await running('envbox', { Env: ['A=1', 'B=2'], WorkingDir: '/srv', Hostname: 'h1' });
  const plain = execs.create(cid, { Cmd: ['env'] }).Id;
  await execs.start(plain);
  const p = proc(plain).req.process;
  const base = await runtime.containerProcess(cid);
  assert.deepEqual([p.args, p.terminal, p.cwd, p.user, p.capabilities, p.rlimits], [['env'], false, '/srv', base.user, base.capabilities, base.rlimits]);
  assert.deepEqual(p.env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=h1', 'A=1', 'B=2']);
  const custom = execs.create(cid, { Cmd: ['id'], Tty: true, Env: ['B=3', 'A', 'C=4'], WorkingDir: '/tmp', User: '1000:1000', Privileged: true, ConsoleSize: [30, 90] }).Id;
  await execs.start(custom);
  const q = proc(custom).req.process;
  assert.deepEqual(q.env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=h1', 'TERM=xterm', 'B=3', 'C=4']);
  assert.deepEqual([q.terminal, q.cwd, q.user, q.consoleSize], [true, '/tmp', { uid: 1000, gid: 1000, additionalGids: [1000] }, { height: 30, width: 90 }]);
  assert.deepEqual(q.capabilities?.bounding, hostCapabilities());
});

test('a start that fails leaves exit code 126, no exec_die, and says why', async () => {
  const cid = await running();
  runtime.failNextExec = 'exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH';
  const { Id } = execs.create(cid, { Cmd: ['nosuchcmd'] });
  await assert.rejects(execs.start(Id), {
    code: 'INVALID_ARGUMENT',
    message: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown',
  });
  assert.deepEqual([execs.inspect(Id).Running, execs.inspect(Id).ExitCode, execs.inspect(Id).Pid], [false, 126, 0]);
  const user = execs.create(cid, { Cmd: ['true'], User: 'nosuchuser' }).Id;
  await assert.rejects(execs.start(user), { code: 'INTERNAL', message: 'unable to find user nosuchuser: no matching entries in passwd file' });
  assert.equal(execs.inspect(user).ExitCode, 126);
  const actions = journal.recent().map((e) => e.Action);
  assert.deepEqual(actions.filter((a) => a.startsWith('exec_')), ['exec_create: nosuchcmd ', 'exec_start: nosuchcmd ', 'exec_create: true ', 'exec_start: true ']);
});

test('events: exec_create and exec_start name the command, exec_die the exit code, all the exec ID', async () => {
  const cid = await running('evbox');
  const { Id } = execs.create(cid, { Cmd: ['sh', '-c', 'exit 3'] });
  await execs.start(Id);
  proc(Id).end(3);
  await until(() => journal.recent().some((e) => e.Action === 'exec_die'));
  const ev = journal.recent().filter((e) => e.Action.startsWith('exec_'));
  assert.deepEqual(ev.map((e) => e.Action), ['exec_create: sh -c exit 3', 'exec_start: sh -c exit 3', 'exec_die']);
  for (const e of ev) assert.deepEqual([e.Type, e.Actor.ID, e.Actor.Attributes['execID'], e.Actor.Attributes['name']], ['container', cid, Id, 'evbox']);
  assert.equal(ev[2]!.Actor.Attributes['exitCode'], '3');
});

test('a container\'s stop ends its running instances (137) and forgets those never started; removal forgets all', async () => {
  const cid = await running();
  const ran = execs.create(cid, { Cmd: ['sleep', '100'] }).Id;
  const idle = execs.create(cid, { Cmd: ['true'] }).Id;
  await execs.start(ran);
  await containers.kill(cid);
  await until(() => execs.inspect(ran).ExitCode === 137);
  assert.throws(() => execs.inspect(idle), { code: 'NOT_FOUND' });
  await assert.rejects(execs.start(ran), { code: 'NOT_FOUND', message: `No such exec instance: ${ran}` });
  await containers.remove(cid);
  assert.throws(() => execs.inspect(ran), { code: 'NOT_FOUND', message: `No such exec instance: ${ran}` });
});

test('an ended instance is swept on the second pass that sees it ended (Docker\'s CanRemove)', async () => {
  const cid = await running();
  const { Id } = execs.create(cid, { Cmd: ['true'] });
  const idle = execs.create(cid, { Cmd: ['true'] }).Id;
  await execs.start(Id);
  proc(Id).end(0);
  await until(() => execs.inspect(Id).ExitCode === 0);
  store.sweep();
  assert.deepEqual([execs.inspect(Id).CanRemove, execs.inspect(idle).CanRemove], [true, false]);
  store.sweep();
  assert.throws(() => execs.inspect(Id), { code: 'NOT_FOUND' });
  assert.equal(execs.inspect(idle).ExitCode, null, 'one never started stays');
});

test('an attached start that fails writes Docker\'s message on stdout and ends', async () => {
  const cid = await running();
  runtime.failNextExec = 'exec failed: unable to start container process: chdir to cwd ("/nope") set in config.json failed: not a directory';
  const { Id } = execs.create(cid, { Cmd: ['pwd'], AttachStdout: true });
  const out: string[] = [];
  await new Promise<void>((resolve) => {
    const sink: OutputSink = { write: (stream, data) => void out.push(`${stream}:${data}`), end: resolve };
    execs.attach(Id).open(sink);
  });
  assert.deepEqual(out, [
    'stdout:OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd ("/nope") set in config.json failed: not a directory: unknown: '
    + 'Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type\r\n',
  ]);
});

test('resize reaches a running TTY instance; an ended one is "no such exec"', async () => {
  const cid = await running();
  const { Id } = execs.create(cid, { Cmd: ['sh'], Tty: true });
  const resized = execs.resize(Id, 10, 20); // not started yet: waits for it
  await execs.start(Id);
  await resized;
  assert.ok(runtime.calls.includes(`resizeExec ${Id}`));
  proc(Id).end(0);
  await until(() => execs.inspect(Id).ExitCode === 0);
  await assert.rejects(execs.resize(Id, 10, 20), { code: 'NOT_FOUND', message: 'no such exec' });
});

test('the prober runs a probe exec, reports its exit code, and forgets it', async () => {
  const cid = await running('probed', { User: '0', WorkingDir: '/w' });
  const result = execs.prober(containers.get(cid), ['true'], { timeoutMs: 2000 });
  await until(() => runtime.execs.size === 1);
  const [p] = [...runtime.execs.values()];
  assert.deepEqual([p!.req.process.args, p!.req.process.cwd, p!.req.openStdin, p!.req.process.terminal], [['true'], '/w', false, false]);
  p!.end(1);
  assert.deepEqual(await result, { exitCode: 1, output: '' });
  assert.throws(() => execs.inspect(p!.req.id), { code: 'NOT_FOUND' });
  const slow = execs.prober(containers.get(cid), ['sleep', '100'], { timeoutMs: 50 });
  assert.deepEqual(await slow, { exitCode: -1, output: '' });
  assert.ok(runtime.calls.some((c) => /^killExec \w+ 9$/.test(c)), 'the probe was killed');
});
