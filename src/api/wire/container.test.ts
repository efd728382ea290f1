import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerRecord } from '../../engine/engine.js';
import { statusText } from './container.js';

const rec = (state: Partial<ContainerRecord['State']>) => ({ State: { Status: 'running', StartedAt: '2026-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0, ...state } }) as ContainerRecord;
const now = Date.parse('2026-01-01T00:00:05Z');

test('the Status column says the health of a running container as Docker does', () => {
  assert.equal(statusText(rec({}), now), 'Up 5 seconds');
  assert.equal(statusText(rec({ Health: { Status: 'starting', FailingStreak: 0, Log: [] } }), now), 'Up 5 seconds (health: starting)');
  assert.equal(statusText(rec({ Health: { Status: 'healthy', FailingStreak: 0, Log: [] } }), now), 'Up 5 seconds (healthy)');
  assert.equal(statusText(rec({ Health: { Status: 'unhealthy', FailingStreak: 3, Log: [] } }), now), 'Up 5 seconds (unhealthy)');
  const exited = rec({ Status: 'exited', ExitCode: 137, FinishedAt: '2026-01-01T00:00:03Z', Health: { Status: 'unhealthy', FailingStreak: 0, Log: [] } });
  assert.equal(statusText(exited, now), 'Exited (137) 2 seconds ago', 'no health once it stopped');
});
