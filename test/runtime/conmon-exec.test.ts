/**
 * Exec sessions on the real conmon and runc: output in the session's own log and the exit code,
 * a command that cannot start (runc's message, nothing left), a TTY, stdin through the attach
 * socket, a tree kill that leaves no process, and a container's deletion ending its sessions.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConmonRuntime } from '../../src/runtime/conmon/runtime.js';
import { buildSpec } from '../../src/runtime/spec/builder.js';
import { findBinary } from '../../src/daemon/wiring.js';
import { busyboxRootfs } from '../helpers/rootfs.js';
import { connectSeqpacketSocket } from '../../src/sys/seqpacket.js';
import { processTree } from '../../src/sys/proc-tree.js';
import type { ExecProcess } from '../../src/runtime/runtime.js';

let root: string;
let runtime: ConmonRuntime;
const made: string[] = [];

const rootfs = (): string => busyboxRootfs(root, ['sh', 'sleep', 'echo', 'cat', 'tty', 'stty']);

async function container(): Promise<string> {
  const id = randomBytes(32).toString('hex');
  const etc = { hosts: join(root, 'hosts'), resolvConf: join(root, 'resolv.conf'), hostname: join(root, 'hostname') };
  for (const f of Object.values(etc)) writeFileSync(f, '');
  const record = { Id: id, Path: 'sleep', Args: ['300'], Config: { Hostname: 'rt' }, HostConfig: {} };
  const spec = buildSpec({ record, rootfs: rootfs(), user: { uid: 0, gid: 0, additionalGids: [0], home: '/' }, etc });
  made.push(id);
  await runtime.create({ id, name: `ex-${made.length}`, spec, io: { logPath: join(root, `${id}.log`), tty: false, openStdin: false, stdinOnce: false } });
  await runtime.start(id);
  return id;
}

async function exec(cid: string, args: string[], o: { tty?: boolean; stdin?: boolean; logSizeMax?: number } = {}): Promise<ExecProcess & { id: string }> {
  const base = await runtime.containerProcess(cid);
  const id = randomBytes(32).toString('hex');
  const p = await runtime.exec({
    id, containerId: cid, name: 'ex', process: { ...base, args, terminal: Boolean(o.tty) }, openStdin: Boolean(o.stdin),
    ...(o.logSizeMax ? { logSizeMax: o.logSizeMax } : {}),
  });
  return Object.assign(p, { id });
}

/** The payloads of the k8s-file log, with their streams. */
function logLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').slice(1).join(' '));
}

const bundles = () => (existsSync(join(root, 'run', 'e')) ? readdirSync(join(root, 'run', 'e')) : []);

let cid: string;
before(async () => {
  root = mkdtempSync('/tmp/wh-rx-');
  runtime = new ConmonRuntime({ root: join(root, 'run'), runcPath: findBinary('runc'), conmonPath: findBinary('conmon', ['/usr/libexec/podman/conmon']) });
  await runtime.init();
  await runtime.watchExits(async () => undefined);
  cid = await container();
});

after(async () => {
  for (const id of made) await runtime.delete(id).catch(() => undefined);
  runtime.close();
  rmSync(root, { recursive: true, force: true });
});

test('an exec writes its own log and reports its exit code; delete removes its bundle', async () => {
  const p = await exec(cid, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.ok(p.pid > 0);
  assert.equal(await p.exited, 3);
  assert.deepEqual(logLines(p.logPath), ['stdout F out', 'stderr F err']);
  assert.equal(readFileSync(join(root, 'run', 'e', p.id, 'exit'), 'utf8'), '3');
  await p.delete();
  await p.delete();
  assert.deepEqual(bundles(), []);
});

test('logSizeMax caps the session\'s log: conmon starts a new file past it', async () => {
  const p = await exec(cid, ['sh', '-c', 'for i in $(seq 1 400); do echo line-$i; done'], { logSizeMax: 2048 });
  assert.equal(await p.exited, 0);
  const kept = readFileSync(p.logPath, 'utf8');
  assert.ok(kept.length <= 2048 + 100, `${kept.length} bytes kept`);
  assert.match(kept, /stdout F line-400\n$/);
  await p.delete();
});

test('a command that cannot start rejects with runc\'s message and leaves nothing', async () => {
  await assert.rejects(exec(cid, ['nosuchcmd']), { code: 'RUNTIME', message: /exec: "nosuchcmd": executable file not found in \$PATH$/ });
  assert.deepEqual(bundles(), []);
});

test('a TTY exec has a terminal; resize reaches it', async () => {
  const p = await exec(cid, ['sh', '-c', 'sleep 0.3; tty; stty size'], { tty: true });
  await p.resize({ height: 33, width: 77 });
  assert.equal(await p.exited, 0);
  const out = readFileSync(p.logPath, 'utf8');
  assert.match(out, /\/dev\/pts\/\d+/);
  assert.match(out, /33 77/);
  await p.delete();
});

test('stdin goes through the attach socket; its end closes the process\'s stdin', async () => {
  const p = await exec(cid, ['cat'], { stdin: true });
  const s = connectSeqpacketSocket(p.attachSocketPath);
  s.on('data', () => undefined);
  s.write('hello\n');
  s.end();
  assert.equal(await p.exited, 0);
  assert.deepEqual(logLines(p.logPath), ['stdout F hello']);
  s.destroy();
  await p.delete();
});

test('a tree kill leaves none of the processes the exec started', async () => {
  const p = await exec(cid, ['sh', '-c', 'sleep 100 & sleep 100 & sh -c "sleep 100" ; wait']);
  const until = Date.now() + 5000;
  while (processTree(p.pid).length < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  const tree = processTree(p.pid);
  assert.ok(tree.length >= 4, `the exec's processes: ${tree}`);
  await p.kill(9, { tree: true });
  assert.equal(await p.exited, 137);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(tree.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')), []);
  await p.delete();
});

test('deleting the container ends its exec sessions and removes their bundles', async () => {
  const other = await container();
  const p = await exec(other, ['sleep', '100']);
  await runtime.kill(other, 9);
  assert.equal(await p.exited, 137);
  await runtime.delete(other);
  assert.deepEqual(bundles(), []);
});

test('a daemon restart keeps live sessions; the container\'s deletion then ends them and removes their bundles', async () => {
  const other = await container();
  const p = await exec(other, ['sleep', '100']);
  const restarted = new ConmonRuntime({ root: join(root, 'run'), runcPath: findBinary('runc'), conmonPath: findBinary('conmon', ['/usr/libexec/podman/conmon']) });
  await restarted.init();
  assert.ok(bundles().includes(p.id), 'a live session survives the restart');
  await restarted.kill(other, 9);
  await restarted.delete(other);
  assert.deepEqual(bundles(), []);
  assert.equal(await p.exited, 137);
  assert.ok(!existsSync(`/proc/${p.pid}`) || readFileSync(`/proc/${p.pid}/stat`, 'utf8').includes(') Z '), 'its process is gone');
  restarted.close();
});
