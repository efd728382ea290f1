/**
 * Restart policies across a daemon restart, as Docker's restore applies them: containers that are
 * not running when wharfd starts are started if their policy says so (`always` even after a user's
 * stop, `unless-stopped` unless the user stopped it, `on-failure` after a failure), those still
 * running are left alone, and the user's stop is persisted when asked, so it survives a SIGKILL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

interface Inspect { State: { Status: string; Pid: number; ExitCode: number; StartedAt: string }; RestartCount: number }

async function inspect(d: TestDaemon, name: string): Promise<Inspect> {
  const r = await d.api('GET', `/containers/${name}/json`);
  assert.equal(r.status, 200, r.body);
  return r.json() as Inspect;
}

async function until(d: TestDaemon, name: string, cond: (c: Inspect) => boolean, what: string, ms = 60_000): Promise<Inspect> {
  const end = Date.now() + ms;
  for (;;) {
    const c = await inspect(d, name);
    if (cond(c)) return c;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(c)}`);
    await sleep(50);
  }
}

async function run(d: TestDaemon, args: string[]): Promise<void> {
  const r = await d.docker(['run', '-d', ...args]);
  assert.equal(r.code, 0, r.stderr);
}

test('after wharfd is SIGKILLed and started again: always comes back (even user-stopped), a user-stopped unless-stopped does not, one that exited on its own does, running ones are left alone', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    await run(d, ['--name', 'alw', '--restart', 'always', 'busybox', 'sleep', '300']);
    await run(d, ['--name', 'uls', '--restart', 'unless-stopped', 'busybox', 'sleep', '300']);
    await run(d, ['--name', 'own', '--restart', 'unless-stopped', 'busybox', 'sh', '-c', 'sleep 2; exit 5']);
    await run(d, ['--name', 'ofz', '--restart', 'on-failure', 'busybox', 'sh', '-c', 'sleep 2; exit 0']);
    await run(d, ['--name', 'up', '--restart', 'always', 'busybox', 'sleep', '300']);
    for (const name of ['alw', 'uls']) assert.equal((await d.docker(['stop', '-t', '0', name])).code, 0);
    const upPid = (await inspect(d, 'up')).State.Pid;
    assert.equal((await inspect(d, 'alw')).State.Status, 'exited', 'the policy does not undo a stop while the daemon runs');
    const killedAt = Date.now();
    await d.stop('SIGKILL');
    await sleep(Math.max(0, 3500 - (Date.now() - killedAt))); // `own` and `ofz` end while the daemon is down
    await d.start();
    const alw = await until(d, 'alw', (c) => c.State.Status === 'running', 'alw running');
    assert.ok(Date.parse(alw.State.StartedAt) > killedAt, 'started by the new daemon');
    assert.equal(alw.RestartCount, 0, 'a start at daemon start counts from 0, as a user start');
    const own = await until(d, 'own', (c) => c.State.Status === 'running', 'own running');
    assert.ok(Date.parse(own.State.StartedAt) > killedAt);
    await sleep(1000);
    assert.deepEqual([(await inspect(d, 'uls')).State.Status, (await inspect(d, 'ofz')).State.Status], ['exited', 'exited']);
    assert.equal((await inspect(d, 'ofz')).State.ExitCode, 0);
    const up = await inspect(d, 'up');
    assert.deepEqual([up.State.Status, up.State.Pid], ['running', upPid], 'a container that kept running is not restarted');
    // The user's stop of `uls` was kept: a user start clears it, as in Docker.
    assert.equal((await d.docker(['start', 'uls'])).code, 0);
    assert.equal((await inspect(d, 'uls')).State.Status, 'running');
  } finally {
    await d.cleanup();
  }
});

test('a user\'s stop is saved when asked: a SIGKILL of the daemon before the container ends does not make unless-stopped restart it', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    // PID 1 takes 1.5 s to end after TERM: the daemon is killed in between.
    await run(d, ['--name', 'slow', '--restart', 'unless-stopped', 'busybox', 'sh', '-c', 'trap "sleep 1.5; exit 0" TERM; while true; do sleep 0.1; done']);
    const kill = await d.docker(['kill', '-s', 'TERM', 'slow']);
    assert.equal(kill.code, 0, kill.stderr);
    await d.stop('SIGKILL');
    await sleep(2500);
    await d.start();
    await sleep(1500);
    const c = await inspect(d, 'slow');
    assert.deepEqual([c.State.Status, c.State.ExitCode], ['exited', 0]);
  } finally {
    await d.cleanup();
  }
});

test('a container in a back-off when wharfd stops (SIGTERM) is started by the next daemon', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    await run(d, ['--name', 'bo', '--restart', 'always', 'busybox', 'sh', '-c', 'sleep 0.2; exit 3']);
    await until(d, 'bo', (c) => c.RestartCount >= 5 && c.State.Status === 'restarting', 'a long back-off');
    assert.equal(await d.stop('SIGTERM'), 0);
    const restartedAt = Date.now();
    await d.start();
    const c = await until(d, 'bo', (x) => Date.parse(x.State.StartedAt) > restartedAt, 'a start by the new daemon', 30_000);
    assert.ok(c.RestartCount <= 2, `counted from 0 again (${c.RestartCount})`);
  } finally {
    await d.cleanup();
  }
});
