/**
 * pause/unpause through the real docker CLI over runc's freezer, with the answers of Docker 20.10
 * (messages, exit codes, states): a paused container stops making progress and resumes, shows as
 * paused in inspect and ps, refuses what Docker refuses, stops and goes with rm -f, and stays
 * paused across a daemon restart (clean or SIGKILL).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { DOCKER } from '../helpers/daemon.js';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COUNTER = 'i=0; while true; do echo $i; i=$((i+1)); sleep 0.1; done';
/** A shell that ends with 3 on SIGTERM, as fast as it can. */
const TRAPPING = 'trap "echo term; exit 3" TERM; while true; do sleep 0.1; done';

async function inspect(name: string): Promise<any> {
  return (await d.api('GET', `/containers/${name}/json`)).json();
}

async function logLines(name: string): Promise<number> {
  return (await d.docker(['logs', name])).stdout.trim().split('\n').length;
}

/** The freezer's view of the container: cgroup v1 freezer.state, or v2 cgroup.freeze. */
function frozen(id: string): boolean {
  const v1 = `/sys/fs/cgroup/freezer/wharf/${id}/freezer.state`;
  if (existsSync(v1)) return readFileSync(v1, 'utf8').trim() === 'FROZEN';
  return readFileSync(`/sys/fs/cgroup/wharf/${id}/cgroup.freeze`, 'utf8').trim() === '1';
}

async function run(name: string, script = COUNTER, extra: string[] = []): Promise<string> {
  const r = await d.docker(['run', '-d', '--name', name, ...extra, 'busybox', 'sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

test('a paused container makes no progress, shows as paused, and goes on after unpause', async () => {
  const id = await run('counter');
  await sleep(500);
  const p = await d.docker(['pause', 'counter']);
  assert.deepEqual([p.code, p.stdout], [0, 'counter\n']);
  assert.equal(frozen(id), true);
  const atPause = await logLines('counter');
  await sleep(1000);
  assert.equal(await logLines('counter'), atPause, 'the counter stopped while paused');
  const st = (await inspect('counter')).State;
  assert.deepEqual([st.Status, st.Running, st.Paused], ['paused', true, true]);
  assert.ok(st.Pid > 0);
  const ps = await d.docker(['ps', '--format', '{{.Names}}|{{.Status}}|{{.State}}']);
  assert.match(ps.stdout, /^counter\|Up [^|]+ \(Paused\)\|paused$/m, 'listed without -a, as Docker lists it');
  const filtered = await d.docker(['ps', '--filter', 'status=paused', '--format', '{{.Names}}']);
  assert.equal(filtered.stdout, 'counter\n');
  const u = await d.docker(['unpause', 'counter']);
  assert.deepEqual([u.code, u.stdout], [0, 'counter\n']);
  assert.equal(frozen(id), false);
  await sleep(600);
  assert.ok(await logLines('counter') > atPause + 2, 'the counter goes on');
  assert.equal((await inspect('counter')).State.Status, 'running');
  await d.docker(['rm', '-f', 'counter']);
});

test("pause and unpause refusals: Docker's messages and exit codes", async () => {
  const id = await run('refuser');
  await d.docker(['pause', 'refuser']);
  const cases: Array<[string[], string]> = [
    [['pause', 'refuser'], `Error response from daemon: Container ${id} is already paused\n`],
    [['start', 'refuser'], 'Error response from daemon: cannot start a paused container, try unpause instead\nError: failed to start containers: refuser\n'],
    [['rm', 'refuser'], `Error response from daemon: You cannot remove a paused container ${id}. Unpause and then stop the container before attempting removal or force remove\n`],
    [['attach', 'refuser'], 'You cannot attach to a paused container, unpause it first\n'],
    [['pause', 'nosuch1', 'nosuch2'], 'Error response from daemon: No such container: nosuch1\nError response from daemon: No such container: nosuch2\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = await d.docker(args);
    assert.deepEqual([r.code, r.stderr], [1, stderr], args.join(' '));
  }
  const raw = await d.api('POST', `/v1.50/containers/${id}/pause`);
  assert.deepEqual([raw.status, raw.json().message], [409, `Container ${id} is already paused`]);
  await d.docker(['unpause', 'refuser']);
  const again = await d.api('POST', `/v1.50/containers/${id}/unpause`);
  assert.deepEqual([again.status, again.json().message], [500, `Container ${id} is not paused`], 'Docker answers 500 here');
  await d.docker(['kill', 'refuser']);
  const stopped = await d.docker(['pause', 'refuser']);
  assert.deepEqual([stopped.code, stopped.stderr], [1, `Error response from daemon: Container ${id} is not running\n`]);
  await d.docker(['rm', 'refuser']);
});

test('stop of a paused container delivers the stop signal at once (it is thawed); rm -f kills a paused one', async () => {
  await run('stopme', TRAPPING);
  await sleep(300);
  await d.docker(['pause', 'stopme']);
  const t0 = Date.now();
  const stop = await d.docker(['stop', 'stopme']);
  assert.equal(stop.code, 0, stop.stderr);
  assert.ok(Date.now() - t0 < 5000, `stopped by its signal, not the 10 s SIGKILL (${Date.now() - t0} ms)`);
  const st = (await inspect('stopme')).State;
  assert.deepEqual([st.Status, st.ExitCode, st.Paused], ['exited', 3, false]);
  assert.equal((await d.docker(['logs', 'stopme'])).stdout, 'term\n');
  await d.docker(['rm', 'stopme']);

  await run('killme', COUNTER);
  const pid = (await inspect('killme')).State.Pid as number;
  await d.docker(['pause', 'killme']);
  const rm = await d.docker(['rm', '-f', 'killme']);
  assert.deepEqual([rm.code, rm.stdout], [0, 'killme\n']);
  assert.throws(() => process.kill(pid, 0), 'the process is gone');
  assert.equal((await d.api('GET', '/containers/killme/json')).status, 404);
});

test('restart of a paused container stops it with its signal and starts it again (Docker: kill, unpause, die, start)', async () => {
  await run('restartme', TRAPPING);
  await sleep(300);
  await d.docker(['pause', 'restartme']);
  const t0 = Date.now();
  const r = await d.docker(['restart', 'restartme']);
  assert.deepEqual([r.code, r.stdout], [0, 'restartme\n'], r.stderr);
  assert.ok(Date.now() - t0 < 5000, `no 10 s wait for SIGKILL (${Date.now() - t0} ms)`);
  assert.equal((await inspect('restartme')).State.Status, 'running');
  assert.equal((await d.docker(['logs', 'restartme'])).stdout, 'term\n');
  await d.docker(['rm', '-f', 'restartme']);
});

test('kill with a signal thaws a paused container that has no stop signal (Docker: kill, unpause)', async () => {
  await run('usr1', 'trap "echo usr1" USR1; while true; do sleep 0.1; done');
  await sleep(300);
  await d.docker(['pause', 'usr1']);
  assert.equal((await d.docker(['kill', '-s', 'USR1', 'usr1'])).code, 0);
  assert.equal((await inspect('usr1')).State.Status, 'running');
  await sleep(500);
  assert.equal((await d.docker(['logs', 'usr1'])).stdout, 'usr1\n', 'the signal landed');
  await d.docker(['rm', '-f', 'usr1']);
});

test('logs -f and wait keep following a paused container; commit leaves it paused', async () => {
  await run('follow', COUNTER);
  await sleep(300);
  await d.docker(['pause', 'follow']);
  const follower = spawn(DOCKER, ['-H', d.host, 'logs', '-f', 'follow'], { stdio: 'ignore' });
  const waiter = spawn(DOCKER, ['-H', d.host, 'wait', 'follow'], { stdio: 'ignore' });
  await sleep(1500);
  assert.equal(follower.exitCode, null, 'logs -f still follows');
  assert.equal(waiter.exitCode, null, 'wait still waits');
  const commit = await d.docker(['commit', 'follow', 'paused-snapshot']);
  assert.equal(commit.code, 0, commit.stderr);
  assert.equal((await inspect('follow')).State.Status, 'paused', 'a container the user paused stays paused');
  const waited = new Promise<number | null>((r) => waiter.once('exit', (code) => r(code)));
  await d.docker(['rm', '-f', 'follow']);
  assert.equal(await waited, 0, 'wait prints the exit code and ends');
  follower.kill();
  await d.docker(['rmi', 'paused-snapshot']);
});

test('a paused container stays paused across a daemon restart (SIGTERM and SIGKILL) and unpauses after', async () => {
  const id = await run('survivor', COUNTER);
  await d.docker(['pause', 'survivor']);
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    await d.stop(signal);
    assert.equal(frozen(id), true, `still frozen while the daemon is down (${signal})`);
    await d.start();
    const st = (await inspect('survivor')).State;
    assert.deepEqual([st.Status, st.Running, st.Paused], ['paused', true, true], signal);
    assert.equal(frozen(id), true);
  }
  assert.equal((await d.docker(['unpause', 'survivor'])).code, 0);
  const before = await logLines('survivor');
  await sleep(600);
  assert.ok(await logLines('survivor') > before, 'it runs again');
  await d.docker(['rm', '-f', 'survivor']);
});
