/**
 * The monitor's logic on a fake Prober and mocked timers: when probes run, how results, timeouts
 * and errors are recorded, that a stop aborts the probe in flight and records nothing after it.
 * The real probes (exec in a runc container) are proved by test/compat/docker-cli-health.test.ts.
 */
import { test, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedMutex } from '../../../util/keyed-mutex.js';
import { EventJournal, type EngineEvent } from '../../events/journal.js';
import type { ContainerRecord } from '../record.js';
import type { Prober, ProbeOptions } from '../probe.js';
import type { ProbePlan } from './config.js';
import { HealthMonitor } from './monitor.js';
import { startingHealth, type Health } from './state.js';

interface Harness {
  rec: ContainerRecord;
  monitor: HealthMonitor;
  calls: Array<{ at: number; cmd: string[]; o: ProbeOptions }>;
  saves: Health[];
  events: EngineEvent[];
}

function harness(prober: Prober, p: Partial<ProbePlan> = {}): Harness {
  const rec = {
    Id: 'c1', Name: '/web', Config: { Image: 'busybox', Labels: { tier: 'db' } },
    State: { Status: 'running', StartedAt: new Date().toISOString(), Health: startingHealth() },
  } as unknown as ContainerRecord;
  const calls: Harness['calls'] = [];
  const saves: Health[] = [];
  const events: EngineEvent[] = [];
  const journal = new EventJournal();
  journal.subscribe((e) => events.push(e));
  const plan: ProbePlan = { cmd: ['check'], intervalMs: 200, timeoutMs: 1000, startPeriodMs: 0, startIntervalMs: 5000, retries: 3, ...p };
  const monitor = new HealthMonitor(rec, plan, {
    store: { save: async (r) => void saves.push(structuredClone(r.State.Health!)) },
    mutex: new KeyedMutex(),
    journal,
    prober: (r, cmd, o) => (calls.push({ at: Date.now(), cmd, o }), prober(r, cmd, o)),
  });
  return { rec, monitor, calls, saves, events };
}

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

/** Moves the mocked clock on in small steps, letting promise chains run between them. */
async function advance(ms: number, step = 5): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(Math.min(step, ms - t));
    await flush();
  }
}

/** Ends the monitor, letting a probe in flight finish on the mocked clock. */
async function finish(h: Harness): Promise<void> {
  const done = h.monitor.end();
  await advance(100, 10);
  await done;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const health = (h: Harness) => h.rec.State.Health!;

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('the first probe runs after the interval; a success makes it healthy, saved, with one health_status event', async () => {
  const h = harness(async () => ({ exitCode: 0, output: 'ok\n' }));
  h.monitor.start();
  await advance(195);
  assert.equal(h.calls.length, 0);
  await advance(10);
  assert.equal(h.calls.length, 1);
  assert.deepEqual(h.calls[0]!.cmd, ['check']);
  assert.equal(h.calls[0]!.o.timeoutMs, 1000);
  assert.deepEqual(health(h), { Status: 'healthy', FailingStreak: 0, Log: [{ Start: new Date(1_000_200).toISOString(), End: new Date(1_000_200).toISOString(), ExitCode: 0, Output: 'ok\n' }] });
  assert.equal(h.saves.length, 1);
  assert.deepEqual(h.events.map((e) => [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes]),
    [['container', 'health_status: healthy', 'c1', { tier: 'db', image: 'busybox', name: 'web' }]]);
  await advance(400);
  assert.equal(h.calls.length, 3);
  assert.equal(h.events.length, 1, 'no event while the status stays');
  await finish(h);
});

test('the next probe counts from the end of the previous one', async () => {
  const h = harness(async () => (await sleep(50), { exitCode: 0, output: '' }));
  h.monitor.start();
  await advance(460);
  assert.deepEqual(h.calls.map((c) => c.at - 1_000_000), [200, 450]);
  assert.equal(health(h).Log[0]!.End, new Date(1_000_250).toISOString());
  await finish(h);
});

test('failures make it unhealthy after `retries`, with the streak and each output', async () => {
  const h = harness(async () => ({ exitCode: 3, output: 'bad\n' }), { retries: 2 });
  h.monitor.start();
  await advance(205);
  assert.deepEqual([health(h).Status, health(h).FailingStreak], ['starting', 1]);
  await advance(200);
  assert.deepEqual([health(h).Status, health(h).FailingStreak], ['unhealthy', 2]);
  assert.deepEqual(health(h).Log.map((r) => [r.ExitCode, r.Output]), [[3, 'bad\n'], [3, 'bad\n']]);
  assert.deepEqual(h.events.map((e) => e.Action), ['health_status: unhealthy']);
  await finish(h);
});

test('a probe the Prober timed out (-1 once the time was up) gets Docker\'s text, with what it printed', async () => {
  // As the exec Prober does: at the timeout it kills the process (20 ms here) and answers -1 with the output so far.
  const h = harness(async (_r, _c, o) => (await sleep(o.timeoutMs + 20), { exitCode: -1, output: 'partial\n' }), { timeoutMs: 100 });
  h.monitor.start();
  await advance(305);
  assert.equal(health(h).Log.length, 0, 'recorded only once the probe has ended');
  await advance(30);
  assert.deepEqual(health(h).Log.map((r) => [r.ExitCode, r.Output, r.Start, r.End]),
    [[-1, 'Health check exceeded timeout (100ms): partial\n', new Date(1_000_200).toISOString(), new Date(1_000_320).toISOString()]]);
  assert.equal(h.calls.length, 1, 'no second probe while the first one was still ending');
  await finish(h);
});

test('a timed-out probe that printed nothing gets Docker\'s plain text; a quick -1 is not a timeout', async () => {
  const h = harness(async (_r, _c, o) => (await sleep(o.timeoutMs), { exitCode: -1, output: '' }), { timeoutMs: 1500 });
  h.monitor.start();
  await advance(1750, 25);
  assert.deepEqual(health(h).Log.map((r) => [r.ExitCode, r.Output]), [[-1, 'Health check exceeded timeout (1.5s)']]);
  await finish(h);
  const quick = harness(async () => ({ exitCode: -1, output: 'exec failed: no such file' }), { timeoutMs: 1500 });
  quick.monitor.start();
  await advance(205);
  assert.deepEqual(health(quick).Log.map((r) => [r.ExitCode, r.Output]), [[-1, 'exec failed: no such file']]);
  await finish(quick);
});

test('a probe that never answers is aborted 30 s past its timeout, awaited, and recorded as Docker\'s start timeout', async () => {
  let aborted = 0;
  const h = harness((_r, _c, o) => new Promise((resolve) => {
    o.signal!.addEventListener('abort', () => (aborted = Date.now(), setTimeout(() => resolve({ exitCode: -1, output: '' }), 20)));
  }), { timeoutMs: 100, intervalMs: 60_000 });
  h.monitor.start();
  await advance(60_000 + 100 + 30_000 - 500, 500);
  assert.equal(aborted, 0);
  await advance(1000, 10);
  assert.equal(aborted, 1_000_000 + 60_000 + 30_100);
  assert.deepEqual(health(h).Log.map((r) => [r.ExitCode, r.Output]), [[-1, 'timed out starting health check for container c1']]);
  assert.equal(health(h).Log[0]!.End, new Date(aborted + 20).toISOString(), 'recorded once the probe ended');
  await finish(h);
});

test('a probe that cannot run is a failure with the error as output; an empty command is not run', async () => {
  const h = harness(async () => { throw new Error('container is not running'); });
  h.monitor.start();
  await advance(205);
  assert.deepEqual(health(h).Log.map((r) => [r.ExitCode, r.Output]), [[-1, 'container is not running']]);
  await h.monitor.end();
  const empty = harness(async () => ({ exitCode: 0, output: '' }), { cmd: [] });
  empty.monitor.start();
  await advance(205);
  assert.equal(empty.calls.length, 0);
  assert.deepEqual(health(empty).Log.map((r) => [r.ExitCode, r.Output]), [[-1, 'No exec command specified']]);
  await finish(empty);
});

test('end() aborts the probe in flight, records nothing after it, schedules nothing, and settles when the probe has ended', async () => {
  let resolveProbe!: () => void;
  const h = harness((_r, _c, o) => new Promise((resolve) => {
    resolveProbe = () => resolve({ exitCode: 0, output: '' });
    o.signal!.addEventListener('abort', () => setTimeout(resolveProbe, 10));
  }));
  h.monitor.start();
  await advance(205);
  assert.equal(h.calls.length, 1);
  let ended = false;
  const done = h.monitor.end().then(() => (ended = true));
  assert.equal(h.calls[0]!.o.signal!.aborted, true);
  await flush();
  assert.equal(ended, false, 'waits for the probe to end');
  await advance(15);
  await done;
  assert.equal(health(h).Log.length, 0, 'the aborted probe is not recorded');
  assert.equal(h.saves.length, 0);
  await advance(1000, 50);
  assert.equal(h.calls.length, 1, 'no probe after the end');
});

test('end() before the first probe: none runs', async () => {
  const h = harness(async () => ({ exitCode: 0, output: '' }));
  h.monitor.start();
  await advance(100);
  await h.monitor.end();
  await advance(1000, 50);
  assert.equal(h.calls.length, 0);
});

test('markStopped leaves the container unhealthy with no event (Docker\'s CloseMonitorChannel)', async () => {
  const h = harness(async () => ({ exitCode: 0, output: '' }));
  h.monitor.start();
  await advance(205);
  await h.monitor.end();
  h.monitor.markStopped();
  assert.deepEqual([health(h).Status, h.events.map((e) => e.Action)], ['unhealthy', ['health_status: healthy']]);
});

test('while starting in the start period, probes come every start interval; after a success, every interval', async () => {
  let n = 0;
  const h = harness(async () => ({ exitCode: ++n >= 3 ? 0 : 1, output: '' }), { intervalMs: 1000, startIntervalMs: 100, startPeriodMs: 10_000 });
  h.monitor.start();
  await advance(1350, 10);
  assert.deepEqual(h.calls.map((c) => c.at - 1_000_000), [100, 200, 300, 1300]);
  assert.deepEqual([health(h).Status, health(h).FailingStreak], ['healthy', 0], 'failures in the start period did not count');
  await finish(h);
});
