import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProbePlan } from './config.js';
import { applyResult, nextDelay, startingHealth, type Health, type HealthcheckResult } from './state.js';

const plan = (o: Partial<ProbePlan> = {}): ProbePlan => ({ cmd: ['true'], intervalMs: 1000, timeoutMs: 1000, startPeriodMs: 0, startIntervalMs: 100, retries: 3, ...o });
const at = (ms: number, exitCode: number, output = ''): HealthcheckResult => ({ Start: new Date(ms).toISOString(), End: new Date(ms + 5).toISOString(), ExitCode: exitCode, Output: output });

test('a success makes the container healthy and clears the streak; the change is reported once', () => {
  const h = startingHealth();
  assert.equal(applyResult(h, at(1000, 0), plan(), 0), true);
  assert.deepEqual([h.Status, h.FailingStreak], ['healthy', 0]);
  assert.equal(applyResult(h, at(2000, 0), plan(), 0), false);
});

test('failures count until retries, then unhealthy; a success recovers', () => {
  const h = startingHealth();
  const p = plan({ retries: 2 });
  assert.equal(applyResult(h, at(1000, 1), p, 0), false);
  assert.deepEqual([h.Status, h.FailingStreak], ['starting', 1]);
  assert.equal(applyResult(h, at(2000, -1), p, 0), true);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 2]);
  applyResult(h, at(3000, 3), p, 0);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 3], 'the streak keeps counting');
  assert.equal(applyResult(h, at(4000, 0), p, 0), true);
  assert.deepEqual([h.Status, h.FailingStreak], ['healthy', 0]);
});

test('a healthy container becomes unhealthy after `retries` failures in a row', () => {
  const h: Health = { Status: 'healthy', FailingStreak: 0, Log: [] };
  applyResult(h, at(1000, 1), plan(), 0);
  applyResult(h, at(2000, 1), plan(), 0);
  assert.equal(h.Status, 'healthy');
  applyResult(h, at(3000, 1), plan(), 0);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 3]);
});

test('failures within the start period do not count while starting; after it they do', () => {
  const h = startingHealth();
  const p = plan({ startPeriodMs: 5000, retries: 1 });
  const started = 10_000;
  applyResult(h, at(started + 4999, 1), p, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['starting', 0]);
  applyResult(h, at(started + 5000, 1), p, started);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 1]);
});

test('a success ends the start period: failures count at once after it', () => {
  const h = startingHealth();
  const p = plan({ startPeriodMs: 60_000, retries: 1 });
  applyResult(h, at(1000, 0), p, 0);
  applyResult(h, at(2000, 1), p, 0);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 1]);
});

test('the log keeps the last 5 results, oldest first', () => {
  const h = startingHealth();
  for (let i = 1; i <= 7; i++) applyResult(h, at(i * 1000, i % 2, `run ${i}`), plan(), 0);
  assert.deepEqual(h.Log.map((r) => r.Output), ['run 3', 'run 4', 'run 5', 'run 6', 'run 7']);
  assert.deepEqual(Object.keys(h.Log[0]!), ['Start', 'End', 'ExitCode', 'Output']);
});

test('a new start is starting with no streak, and keeps the log of the run before', () => {
  const before: Health = { Status: 'unhealthy', FailingStreak: 4, Log: [at(1, 1)] };
  assert.deepEqual(startingHealth(before), { Status: 'starting', FailingStreak: 0, Log: [at(1, 1)] });
  assert.deepEqual(startingHealth(), { Status: 'starting', FailingStreak: 0, Log: [] });
});

test('delays: the interval; the start interval while starting in the start period, never past its end', () => {
  const p = plan({ intervalMs: 30_000, startIntervalMs: 1000, startPeriodMs: 10_000 });
  assert.equal(nextDelay(plan({ intervalMs: 200 }), 'starting', 0, 0), 200, 'no start period: the interval');
  assert.equal(nextDelay(p, 'starting', 0, 0), 1000);
  assert.equal(nextDelay(p, 'starting', 0, 9500), 500, 'cut at the end of the start period');
  assert.equal(nextDelay(p, 'starting', 0, 10_000), 30_000);
  assert.equal(nextDelay(p, 'healthy', 0, 1000), 30_000, 'a success ended the start period');
  assert.equal(nextDelay(p, 'unhealthy', 0, 1000), 30_000);
});
