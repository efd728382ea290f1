/**
 * The OciRuntime implementation on the real conmon and runc: create/start, pause/resume, update
 * of a running container's cgroup, exits reported to the watcher with their codes, the log reopened
 * through conmon's ctl FIFO after a rotation, delete forgetting everything.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, renameSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConmonRuntime } from '../../src/runtime/conmon/runtime.js';
import { buildSpec } from '../../src/runtime/spec/builder.js';
import { findBinary } from '../../src/daemon/wiring.js';
import { busyboxRootfs } from '../helpers/rootfs.js';

let root: string;
let runtime: ConmonRuntime;
const exits = new Map<string, number>();
const made: string[] = [];

const rootfs = (): string => busyboxRootfs(root, ['sh', 'sleep', 'echo']);

async function run(args: string[]): Promise<string> {
  const id = randomBytes(32).toString('hex');
  const etc = { hosts: join(root, 'hosts'), resolvConf: join(root, 'resolv.conf'), hostname: join(root, 'hostname') };
  for (const f of Object.values(etc)) writeFileSync(f, '');
  const record = { Id: id, Path: args[0]!, Args: args.slice(1), Config: { Hostname: 'rt' }, HostConfig: {} };
  const spec = buildSpec({ record, rootfs: rootfs(), user: { uid: 0, gid: 0, additionalGids: [0], home: '/' }, etc });
  made.push(id);
  await runtime.create({ id, name: `rt-${made.length}`, spec, io: { logPath: join(root, `${id}.log`), tty: false, openStdin: false, stdinOnce: false } });
  await runtime.start(id);
  return id;
}

const until = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

before(async () => {
  root = mkdtempSync('/tmp/wh-rt-');
  runtime = new ConmonRuntime({ root: join(root, 'run'), runcPath: findBinary('runc'), conmonPath: findBinary('conmon', ['/usr/libexec/podman/conmon']) });
  await runtime.init();
  await runtime.watchExits(async (id, code) => void exits.set(id, code));
});

after(async () => {
  for (const id of made) await runtime.delete(id).catch(() => undefined);
  runtime.close();
  rmSync(root, { recursive: true, force: true });
});

test('pause and resume a running container; update its pids limit in its cgroup', async () => {
  const id = await run(['sleep', '300']);
  assert.equal((await runtime.state(id))?.status, 'running');
  await runtime.pause(id);
  assert.equal((await runtime.state(id))?.status, 'paused');
  await runtime.resume(id);
  assert.equal((await runtime.state(id))?.status, 'running');
  await runtime.update(id, { pids: { limit: 42 } });
  assert.equal(readFileSync(`/sys/fs/cgroup/pids/wharf/${id}/pids.max`, 'utf8').trim(), '42');
  assert.ok((await runtime.list()).some((s) => s.id === id));
  await runtime.kill(id, 9);
  await until(() => exits.get(id) === 137);
  assert.equal(await runtime.exitCode(id), 137);
});

test('delete forgets the container: state, bundle and recorded exit', async () => {
  const id = await run(['sh', '-c', 'exit 3']);
  await until(() => exits.get(id) === 3);
  await runtime.delete(id);
  await runtime.delete(id);
  assert.equal(await runtime.state(id), undefined);
  assert.equal(await runtime.exitCode(id), undefined);
  assert.equal(existsSync(join(root, 'run', 'c', id)), false);
});

test('after a rotation renames the log, reopenLog makes conmon write a new file at the path', async () => {
  const id = await run(['sh', '-c', 'echo before; sleep 1; echo after; sleep 300']);
  const log = join(root, `${id}.log`);
  await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('before'));
  renameSync(log, `${log}.1`);
  await runtime.reopenLog(id);
  await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('after'), 5000);
  assert.doesNotMatch(readFileSync(log, 'utf8'), /before/);
  assert.match(readFileSync(`${log}.1`, 'utf8'), / stdout F before$/m);
  await runtime.kill(id, 9);
});

test('a failed create carries the runtime\'s own message', async () => {
  await assert.rejects(run(['nosuch']), { code: 'RUNTIME', message: /executable file not found/ });
});
