/** Where monitors start and stop (Docker's initHealthMonitor, updateHealthMonitor, stopHealthchecks), on mocked timers. */
import { test, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedMutex } from '../../../util/keyed-mutex.js';
import { EventJournal } from '../../events/journal.js';
import type { ContainerRecord, ContainerStatus } from '../record.js';
import { HealthMonitors } from './monitors.js';

let probes = 0;
let monitors: HealthMonitors;

const container = (healthcheck: object | undefined, status: ContainerStatus = 'running') => ({
  Id: 'c1', Name: '/web', Config: { Image: 'busybox', ...(healthcheck ? { Healthcheck: healthcheck } : {}) },
  State: { Status: status, StartedAt: new Date().toISOString() },
}) as unknown as ContainerRecord;

const EVERY_100MS = { Test: ['CMD', 'check'], Interval: 100e6 };

async function advance(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) {
    mock.timers.tick(10);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }
}

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  probes = 0;
  monitors = new HealthMonitors({
    store: { save: async () => undefined }, mutex: new KeyedMutex(), journal: new EventJournal(),
    prober: async () => (probes++, { exitCode: 0, output: '' }),
  });
});
afterEach(async () => {
  await monitors.close();
  mock.timers.reset();
});

test('init: starting with no streak, the log of the run before kept, and probing', async () => {
  const rec = container(EVERY_100MS);
  rec.State.Health = { Status: 'unhealthy', FailingStreak: 4, Log: [{ Start: 'a', End: 'b', ExitCode: 1, Output: '' }] };
  monitors.init(rec);
  assert.deepEqual([rec.State.Health.Status, rec.State.Health.FailingStreak, rec.State.Health.Log.length], ['starting', 0, 1]);
  assert.equal(monitors.has('c1'), true);
  await advance(110);
  assert.equal(probes, 1);
  assert.equal(rec.State.Health.Status, 'healthy');
});

test('init does nothing for a container whose healthcheck does not probe', () => {
  for (const hc of [undefined, { Test: ['NONE'] }, { Interval: 1e9 }, { Test: ['FOO', 'x'] }]) {
    const rec = container(hc);
    monitors.init(rec);
    assert.equal(rec.State.Health, undefined, JSON.stringify(hc));
    assert.equal(monitors.has('c1'), false);
  }
});

test('sync: a paused container has no monitor and reads unhealthy; unpaused, probing resumes', async () => {
  const rec = container(EVERY_100MS);
  monitors.init(rec);
  await advance(110);
  rec.State.Status = 'paused';
  await advance(200);
  assert.equal(probes, 1, 'no probe of a paused container, even before sync');
  monitors.sync(rec);
  assert.deepEqual([monitors.has('c1'), rec.State.Health!.Status], [false, 'unhealthy']);
  rec.State.Status = 'running';
  monitors.sync(rec);
  assert.equal(monitors.has('c1'), true);
  await advance(110);
  assert.deepEqual([probes, rec.State.Health!.Status], [2, 'healthy']);
});

test('stop: no more probes, unhealthy; close (daemon shutdown) ends monitors and leaves the status', async () => {
  const a = container(EVERY_100MS);
  monitors.init(a);
  await advance(110);
  await monitors.stop('c1');
  await advance(300);
  assert.deepEqual([probes, a.State.Health!.Status, monitors.has('c1')], [1, 'unhealthy', false]);
  const b = container(EVERY_100MS);
  monitors.init(b);
  await advance(110);
  await monitors.close();
  await advance(300);
  assert.deepEqual([probes, b.State.Health!.Status], [2, 'healthy']);
});
