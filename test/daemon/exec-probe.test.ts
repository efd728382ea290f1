/**
 * The Prober healthchecks use, on the real engine (conmon, runc, overlayfs) built in-process: a
 * probe's exit code and output (interleaved, cut at 4096 bytes as Docker cuts it), and a probe that
 * overruns its timeout or is aborted: killed with everything it started, nothing left running in
 * the container, no session files left behind, the instance forgotten.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { wireEngine } from '../../src/daemon/wiring.js';
import type { ContainerRecord } from '../../src/engine/engine.js';
import { busyboxTar } from '../helpers/busybox.js';

let root: string;
let engine: Awaited<ReturnType<typeof wireEngine>>;
let rec: ContainerRecord;

before(async () => {
  root = mkdtempSync('/tmp/wh-pr-');
  engine = await wireEngine({ dataRoot: join(root, 'data'), execRoot: join(root, 'run'), hosts: [], logLevel: 'error', logDriver: 'json-file' }, 'test');
  await engine.images.import({ stream: createReadStream(busyboxTar()) }, { repo: 'busybox', tag: 'latest', changes: ['CMD ["sh"]'] });
  const { Id } = await engine.containers.create({ config: { Image: 'busybox', Cmd: ['sleep', '1000'], WorkingDir: '/tmp' }, hostConfig: {} });
  await engine.containers.start(Id);
  rec = (await engine.containers.inspect(Id)).record;
});

after(async () => {
  await engine.containers.remove(rec.Id, { force: true }).catch(() => undefined);
  await engine.shutdown();
  for (const m of execFileSync('findmnt', ['-rn', '-o', 'TARGET'], { encoding: 'utf8' }).split('\n').filter((t) => t.startsWith(root)).reverse()) {
    execFileSync('umount', ['-l', m]);
  }
  rmSync(root, { recursive: true, force: true });
});

/**
 * Host pids of the live processes in the container's pid namespace. Killed orphans are left as
 * zombies when the container's init does not reap (`sleep` here; Docker's too, without --init):
 * they run nothing and are not counted.
 */
function inContainer(): number[] {
  const ns = readlinkSync(`/proc/${rec.State.Pid}/ns/pid`);
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'latin1');
      return readlinkSync(`/proc/${p}/ns/pid`) === ns && stat[stat.lastIndexOf(')') + 2] !== 'Z';
    } catch { return false; }
  });
}

const sessions = () => (existsSync(join(root, 'run', 'e')) ? readdirSync(join(root, 'run', 'e')) : []);

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a probe reports its exit code and its output, stdout and stderr in order, in the container\'s directory', async () => {
  // Two pipes, as with Docker: the order between streams holds when the writes are apart in time.
  const r = await engine.exec.prober(rec, ['sh', '-c', 'echo out; sleep 0.2; echo err >&2; sleep 0.2; pwd; exit 2'], { timeoutMs: 10_000 });
  assert.deepEqual(r, { exitCode: 2, output: 'out\nerr\n/tmp\n' });
  await until(() => sessions().length === 0);
});

test('a probe\'s output is cut at 4096 bytes, marked with "..."', async () => {
  const r = await engine.exec.prober(rec, ['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" a'], { timeoutMs: 10_000 });
  assert.deepEqual([r.exitCode, r.output], [0, `${'a'.repeat(4096)}...`]);
  const exact = await engine.exec.prober(rec, ['sh', '-c', 'head -c 4096 /dev/zero | tr "\\0" b'], { timeoutMs: 10_000 });
  assert.equal(exact.output, 'b'.repeat(4096), 'no mark when nothing was cut');
});

test('a probe that cannot run is -1 with the reason', async () => {
  const r = await engine.exec.prober(rec, ['nosuchcmd'], { timeoutMs: 10_000 });
  assert.deepEqual(r, { exitCode: -1, output: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown' });
});

test('a probe that overruns its timeout is killed with what it started: nothing left in the container, no files', async () => {
  const baseline = inContainer();
  assert.equal(baseline.length, 1, 'only the container\'s own process before');
  const t0 = Date.now();
  const probe = engine.exec.prober(rec, ['sh', '-c', 'echo started; sleep 100 & sleep 100 & sh -c "sleep 100"; wait'], { timeoutMs: 500 });
  await until(() => inContainer().length >= 5);
  assert.ok((await engine.containers.inspect(rec.Id)).execIds?.length === 1, 'listed in ExecIDs while it runs');
  const r = await probe;
  assert.ok(Date.now() - t0 < 5000, 'it returned soon after the timeout');
  assert.deepEqual(r, { exitCode: -1, output: 'started\n' });
  assert.deepEqual(inContainer(), baseline);
  await until(() => sessions().length === 0);
  assert.equal((await engine.containers.inspect(rec.Id)).execIds, null);
});

test('an aborted probe is killed the same way', async () => {
  const ac = new AbortController();
  const probe = engine.exec.prober(rec, ['sh', '-c', 'sleep 100 & sleep 100'], { timeoutMs: 60_000, signal: ac.signal });
  await until(() => inContainer().length >= 3);
  ac.abort();
  assert.equal((await probe).exitCode, -1);
  assert.equal(inContainer().length, 1);
  await until(() => sessions().length === 0);
});
