/**
 * Restart policies through the real docker CLI and the API, on runc and conmon, with the answers
 * of the reference Docker (20.10.24, API 1.41) as expectations: create-time validation, on-failure
 * counting, `always`, Docker's back-off (100 ms doubling, measured from the log's timestamps),
 * the `restarting` state in inspect and ps, and stop/kill/rm/start/restart during a back-off.
 * The machine is shared and loaded: waits are bounded generously, intervals only from below
 * (and loosely from above).
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand, startDaemon, type TestDaemon } from '../helpers/daemon.js';

const V = '/v1.41';
let d: TestDaemon;

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
});
afterEach(async () => {
  const ids = (await d.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await d.docker(['rm', '-f', ...ids]);
});
after(async () => { await d.cleanup(); });

interface State { Status: string; Running: boolean; Restarting: boolean; ExitCode: number; Error: string; Pid: number; StartedAt: string; FinishedAt: string }
interface Inspect { Id: string; State: State; RestartCount: number; HostConfig: { RestartPolicy: { Name: string; MaximumRetryCount: number } } }

async function inspect(name: string): Promise<Inspect> {
  const r = await d.api('GET', `${V}/containers/${name}/json`);
  assert.equal(r.status, 200, r.body);
  return r.json() as Inspect;
}

/** Polls inspect until `cond` holds (generous: the machine is loaded). */
async function until(name: string, cond: (c: Inspect) => boolean, what: string, ms = 60_000): Promise<Inspect> {
  const end = Date.now() + ms;
  for (;;) {
    const c = await inspect(name);
    if (cond(c)) return c;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ State: c.State, RestartCount: c.RestartCount })}`);
    await sleep(25);
  }
}

async function runDetached(args: string[]): Promise<string> {
  const r = await d.docker(['run', '-d', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

/** A container in a back-off of at least 1.6 s (`always`, failing at once, restarted 5 times). */
async function inLongBackoff(name: string, code = 1): Promise<Inspect> {
  await runDetached(['--name', name, '--restart', 'always', 'busybox', 'sh', '-c', `exit ${code}`]);
  return until(name, (c) => c.RestartCount >= 5 && c.State.Status === 'restarting', 'five restarts');
}

const logLines = async (name: string, ...flags: string[]) => (await d.docker(['logs', ...flags, name])).stdout.split('\n').filter(Boolean);

test('a restart policy with a count other than on-failure, a negative count or an unknown name is refused as Docker does, and nothing is made', async () => {
  const cases: Array<[string, string]> = [
    ['always:3', "maximum retry count cannot be used with restart policy 'always'"],
    ['unless-stopped:2', "maximum retry count cannot be used with restart policy 'unless-stopped'"],
    ['no:1', "maximum retry count cannot be used with restart policy 'no'"],
    ['on-failure:-1', 'maximum retry count cannot be negative'],
    ['bogus', "invalid restart policy 'bogus'"],
  ];
  for (const [policy, message] of cases) {
    const r = await d.docker(['run', '--restart', policy, 'busybox', 'true']);
    assert.equal(r.code, 125, `${policy}: ${r.stderr}`);
    assert.equal(r.stderr, `docker: Error response from daemon: ${message}\n\nRun 'docker run --help' for more information\n`);
  }
  const api = async (HostConfig: object) => {
    const r = await d.api('POST', `${V}/containers/create`, { Image: 'busybox', HostConfig });
    return [r.status, r.json().message];
  };
  assert.deepEqual(await api({ AutoRemove: true, RestartPolicy: { Name: 'always' } }), [400, "can't create 'AutoRemove' container with restart policy"]);
  assert.deepEqual(await api({ AutoRemove: true, RestartPolicy: { Name: 'bogus' } }), [400, "can't create 'AutoRemove' container with restart policy"]);
  assert.deepEqual(await api({ RestartPolicy: { Name: 'always', MaximumRetryCount: -1 } }), [400, "maximum retry count cannot be used with restart policy 'always'"]);
  assert.deepEqual(await api({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: -1 } }), [400, 'maximum retry count cannot be negative']);
  assert.equal((await d.docker(['ps', '-aq'])).stdout, '');
  // The docker CLI refuses --rm with --restart itself; no request is made.
  const rm = await d.docker(['run', '--rm', '--restart', 'always', 'busybox', 'true']);
  assert.equal(rm.code, 125);
  assert.match(rm.stderr, /conflicting options: cannot specify both --restart and --rm/);
});

test('the policy is stored as given: none is "" (Docker keeps it so), on-failure keeps its count', async () => {
  const none = (await d.api('POST', `${V}/containers/create`, { Image: 'busybox' })).json().Id as string;
  assert.deepEqual((await inspect(none)).HostConfig.RestartPolicy, { Name: '', MaximumRetryCount: 0 });
  const r = await d.docker(['create', '--name', 'pol', '--restart', 'on-failure:4', 'busybox', 'true']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await inspect('pol')).HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 4 });
});

test('on-failure:3 with `exit 3` restarts exactly 3 times, then stays exited with RestartCount 3', async () => {
  await runDetached(['--name', 'of3', '--restart', 'on-failure:3', 'busybox', 'sh', '-c', 'echo run; exit 3']);
  await until('of3', (c) => c.State.Status === 'exited' && c.RestartCount === 3, 'the last exit');
  await sleep(3000); // a fourth restart would have come after 800 ms
  const c = await inspect('of3');
  assert.deepEqual([c.State.Status, c.State.Running, c.State.ExitCode, c.RestartCount], ['exited', false, 3, 3]);
  assert.deepEqual(await logLines('of3'), ['run', 'run', 'run', 'run'], 'the first run and three restarts, in one log');
  const wait = await d.docker(['wait', 'of3']);
  assert.deepEqual([wait.code, wait.stdout], [0, '3\n']);
});

test('Docker\'s back-off between restarts: about 100, 200 and 400 ms (from the log\'s timestamps)', async () => {
  await runDetached(['--name', 'bo', '--restart', 'on-failure:3', 'busybox', 'sh', '-c', 'echo start; echo end; exit 1']);
  await until('bo', (c) => c.State.Status === 'exited' && c.RestartCount === 3, 'the last exit');
  const lines = await logLines('bo', '--timestamps');
  assert.equal(lines.length, 8, lines.join('\n'));
  const at = (i: number) => Date.parse(lines[i]!.split(' ')[0]!);
  const gaps = [1, 2, 3].map((k) => at(2 * k) - at(2 * k - 1)); // "end" of run k-1 → "start" of run k
  [100, 200, 400].forEach((backoff, i) => {
    assert.ok(gaps[i]! >= backoff * 0.9, `gap ${i + 1} is ${gaps[i]} ms, under the ${backoff} ms back-off (${gaps.join(', ')})`);
    assert.ok(gaps[i]! < backoff + 5000, `gap ${i + 1} is ${gaps[i]} ms (${gaps.join(', ')})`);
  });
});

test('on-failure does not restart after exit 0', async () => {
  await runDetached(['--name', 'ok0', '--restart', 'on-failure', 'busybox', 'sh', '-c', 'echo once']);
  await until('ok0', (c) => c.State.Status === 'exited', 'the exit');
  await sleep(1500);
  const c = await inspect('ok0');
  assert.deepEqual([c.State.Status, c.State.ExitCode, c.RestartCount], ['exited', 0, 0]);
  assert.deepEqual(await logLines('ok0'), ['once']);
});

test('always restarts after exit 0; while it waits it is restarting in inspect (Running and Restarting true, Pid 0) and listed by ps', async () => {
  await runDetached(['--name', 'alw', '--restart', 'always', 'busybox', 'sh', '-c', 'exit 0']);
  const c = await until('alw', (x) => x.RestartCount >= 4 && x.State.Status === 'restarting', 'four restarts');
  assert.deepEqual([c.State.Running, c.State.Restarting, c.State.Pid, c.State.ExitCode], [true, true, 0, 0]);
  // ps without -a lists it (Docker counts it as running), as restarting or, between two back-offs, up.
  const ps = await d.docker(['ps', '--format', '{{.Names}}|{{.State}}|{{.Status}}']);
  assert.match(ps.stdout, /^alw\|(restarting\|Restarting \(0\) (Less than a second|\d+ seconds?) ago|running\|Up .*)\n$/);
});

test('ps shows "Restarting (CODE) … ago" during a back-off; attach is refused, logs and commit work, as in Docker', async () => {
  await inLongBackoff('psr', 6);
  const ps = await d.docker(['ps', '-a', '--format', '{{.Names}}|{{.State}}|{{.Status}}']);
  assert.match(ps.stdout, /^psr\|restarting\|Restarting \(6\) (Less than a second|\d+ seconds?) ago\n$/);
  // attach is refused (the CLI says it from inspect, the API with its own words), logs are read
  const attach = await d.docker(['attach', 'psr']);
  assert.deepEqual([attach.code, attach.stderr], [1, 'You cannot attach to a restarting container, wait until it is running\n']);
  const api = await d.api('POST', `${V}/containers/psr/attach?stream=1&stdout=1`);
  assert.deepEqual([api.status, api.body.trim()], [409, 'container psr is restarting, wait until the container is running'], 'plain text, as Docker answers an attach');
  assert.equal((await d.docker(['logs', '-f', 'psr'])).code, 0);
  const commit = await d.docker(['commit', 'psr', 'psr-image']);
  assert.equal(commit.code, 0, commit.stderr);
  assert.equal((await d.docker(['rmi', 'psr-image'])).code, 0);
});

test('stop during a back-off stops it for good: answered at once, a waiter gets the code, no restart follows', async () => {
  const before = await inLongBackoff('sb', 4);
  const waiter = d.api('POST', `${V}/containers/sb/wait`);
  await sleep(100);
  const t0 = Date.now();
  const stop = await d.docker(['stop', 'sb']);
  assert.deepEqual([stop.code, stop.stdout], [0, 'sb\n'], stop.stderr);
  assert.ok(Date.now() - t0 < 8000, 'not the 10 s stop timeout');
  const w = await waiter;
  assert.deepEqual([w.status, w.json()], [200, { Error: null, StatusCode: 4 }]);
  await sleep(Math.min(before.RestartCount, 7) * 600); // longer than the back-off it was in
  const c = await inspect('sb');
  assert.deepEqual([c.State.Status, c.State.Running, c.State.Restarting, c.State.ExitCode, c.RestartCount], ['exited', false, false, 4, before.RestartCount]);
  // A second stop is a no-op (304), as for any stopped container.
  assert.equal((await d.api('POST', `${V}/containers/sb/stop`)).status, 304);
});

test('kill during a back-off: 204 and exited; a second kill is 409 not running', async () => {
  const before = await inLongBackoff('kb');
  assert.equal((await d.api('POST', `${V}/containers/kb/kill`)).status, 204);
  const c = await inspect('kb');
  assert.deepEqual([c.State.Status, c.State.ExitCode, c.RestartCount], ['exited', 1, before.RestartCount]);
  const again = await d.api('POST', `${V}/containers/kb/kill`);
  assert.deepEqual([again.status, again.json().message], [409, `Cannot kill container: kb: Container ${c.Id} is not running`]);
});

test('rm during a back-off is refused (409); rm -f leaves nothing: no record, no runtime container, no mount, no later restart', async () => {
  const c = await inLongBackoff('rb');
  const rm = await d.api('DELETE', `${V}/containers/rb`);
  assert.deepEqual([rm.status, rm.json().message], [409, `You cannot remove a restarting container ${c.Id}. Stop the container before attempting removal or force remove`]);
  const rmf = await d.docker(['rm', '-f', 'rb']);
  assert.deepEqual([rmf.code, rmf.stdout], [0, 'rb\n'], rmf.stderr);
  await sleep(4000); // past the back-off it was in
  assert.equal((await d.docker(['ps', '-aq'])).stdout, '');
  assert.equal((await runCommand('runc', ['--root', `${d.execRoot}/runc`, 'list', '-q'])).stdout.trim(), '');
  assert.equal((await runCommand('sh', ['-c', `grep -c ' ${d.dataRoot}' /proc/self/mountinfo || true`])).stdout.trim(), '0');
});

test('start during a back-off is 304 (the CLI prints the name); restart runs it at once and counts again from 0', async () => {
  const before = await inLongBackoff('sr');
  assert.equal((await d.api('POST', `${V}/containers/sr/start`)).status, 304);
  const start = await d.docker(['start', 'sr']);
  assert.deepEqual([start.code, start.stdout], [0, 'sr\n'], start.stderr);
  const startedBefore = (await inspect('sr')).State.StartedAt;
  const restart = await d.docker(['restart', 'sr']);
  assert.deepEqual([restart.code, restart.stdout], [0, 'sr\n'], restart.stderr);
  const c = await inspect('sr');
  assert.notEqual(c.State.StartedAt, startedBefore, 'started again by the restart');
  assert.ok(c.RestartCount < before.RestartCount && c.RestartCount <= 2, `RestartCount ${c.RestartCount} was reset by the user's restart`);
});

test('a start by the user counts restarts again from 0: on-failure:2 runs three more times', async () => {
  await runDetached(['--name', 'us', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'echo run; exit 9']);
  await until('us', (c) => c.State.Status === 'exited' && c.RestartCount === 2, 'the last exit');
  const start = await d.docker(['start', 'us']);
  assert.equal(start.code, 0, start.stderr);
  const end = Date.now() + 60_000;
  while ((await logLines('us')).length < 6 && Date.now() < end) await sleep(100);
  await until('us', (c) => c.State.Status === 'exited', 'the last exit again');
  await sleep(2000);
  assert.equal((await logLines('us')).length, 6, 'three runs before the user start and three after');
  const c = await inspect('us');
  assert.deepEqual([c.State.Status, c.RestartCount], ['exited', 2]);
});

test('a restart that fails to start leaves it exited with the exit code that led there and the start error (Docker\'s)', async () => {
  await runDetached(['--name', 'rf', '--restart', 'on-failure', 'busybox', 'sh', '-c', 'rm /bin/sh; exit 1']);
  const c = await until('rf', (x) => x.State.Status === 'exited' && x.RestartCount === 1, 'the failed restart');
  assert.equal(c.State.ExitCode, 1);
  assert.match(c.State.Error, /^failed to create shim task: OCI runtime create failed: .*executable file not found.*: unknown$/);
  await sleep(1000);
  assert.deepEqual([(await inspect('rf')).State.Status, (await inspect('rf')).RestartCount], ['exited', 1], 'no further attempt');
  const w = await d.api('POST', `${V}/containers/rf/wait`);
  assert.deepEqual([w.json().StatusCode, w.json().Error.Message], [1, c.State.Error]);
});

test('a user stop of a running always container is not undone by the policy', async () => {
  await runDetached(['--name', 'us2', '--restart', 'always', 'busybox', 'sleep', '300']);
  const stop = await d.docker(['stop', '-t', '1', 'us2']);
  assert.equal(stop.code, 0, stop.stderr);
  await sleep(1500);
  const c = await inspect('us2');
  assert.deepEqual([c.State.Status, c.RestartCount], ['exited', 0]);
});

test('wharf run --restart: the form checked by the CLI, names and counts by the daemon, as with the docker CLI', async () => {
  const cases: Array<[string[], string]> = [
    [['--restart', 'always:3'], "wharf: Error response from daemon: maximum retry count cannot be used with restart policy 'always'"],
    [['--restart', 'on-failure:-1'], 'wharf: Error response from daemon: maximum retry count cannot be negative'],
    [['--restart', 'on-failure:x'], 'wharf: invalid restart policy format: maximum retry count must be an integer'],
    [['--rm', '--restart', 'always'], 'wharf: conflicting options: cannot specify both --restart and --rm'],
  ];
  for (const [flags, message] of cases) {
    const r = await d.wharf(['run', ...flags, 'busybox', 'true']);
    assert.deepEqual([r.code, r.stderr], [125, `${message}\n\nRun 'wharf run --help' for more information\n`], flags.join(' '));
  }
  const r = await d.wharf(['run', '--name', 'wr', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'echo hi; exit 2']);
  assert.deepEqual([r.code, r.stdout], [2, 'hi\n'], 'the attached run ends with the first exit');
  const c = await until('wr', (x) => x.State.Status === 'exited' && x.RestartCount === 2, 'two restarts');
  assert.equal(c.State.ExitCode, 2);
  assert.deepEqual(await logLines('wr'), ['hi', 'hi', 'hi']);
});
