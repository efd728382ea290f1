/** Network list and prune filters: moby's keys, matching and error messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listMatcher, pruneMatcher } from './filters.js';
import { predefinedNetwork } from './predefined.js';
import type { Network } from '../../network/network.js';
import type { Filters } from '../filters.js';

const user = (name: string, id: string, created: string, labels: Record<string, string> = {}): Network => ({
  ...predefinedNetwork('bridge', id, created), Name: name, Options: {}, Labels: labels,
});
const ALL = [
  predefinedNetwork('bridge', 'b'.repeat(64), '2026-01-01T00:00:00Z'), predefinedNetwork('host', 'c'.repeat(64), '2026-01-01T00:00:00Z'),
  predefinedNetwork('none', 'd'.repeat(64), '2026-01-01T00:00:00Z'),
  user('web', 'e1'.repeat(32), '2026-06-01T00:00:00Z', { tier: 'front' }), user('db', 'f1'.repeat(32), '2026-12-01T00:00:00Z', { tier: 'back' }),
];
const f = (o: Record<string, string[]>): Filters => new Map(Object.entries(o));
const list = (o: Record<string, string[]>, inUse: (n: Network) => boolean = () => false) => ALL.filter(listMatcher(f(o), inUse)).map((n) => n.Name);
const prune = (o: Record<string, string[]>) => ALL.filter(pruneMatcher(f(o))).map((n) => n.Name);

test('list: each key', () => {
  assert.deepEqual(list({ type: ['builtin'] }), ['bridge', 'host', 'none']);
  assert.deepEqual(list({ type: ['custom', 'builtin'] }).length, 5);
  assert.deepEqual(list({ driver: ['host', 'null'] }), ['host', 'none']);
  assert.deepEqual(list({ name: ['^.b$'] }), ['db']);
  assert.deepEqual(list({ name: ['e'] }), ['bridge', 'none', 'web']);
  assert.deepEqual(list({ id: ['e1e1'] }), ['web']);
  assert.deepEqual(list({ label: ['tier=back'] }), ['db']);
  assert.deepEqual(list({ label: ['tier'], name: ['web'] }), ['web']);
  assert.deepEqual(list({ dangling: ['1'] }), ['web', 'db']);
  assert.deepEqual(list({ dangling: ['true'] }, (n) => n.Name === 'db'), ['web']);
  assert.deepEqual(list({ dangling: ['false'] }, (n) => n.Name === 'db'), ['bridge', 'host', 'none', 'db']);
});

test('list: Docker\'s errors', () => {
  assert.throws(() => list({ nope: ['x'] }), { code: 'INVALID_ARGUMENT', message: "Invalid filter 'nope'" });
  assert.throws(() => list({ type: ['x'] }), { message: "invalid filter: 'type'='x'" });
  assert.throws(() => list({ dangling: ['x'] }), { message: 'invalid value for filter \'dangling\', must be "true" (or "1"), or "false" (or "0")' });
});

test('prune: user networks only, by until and labels', () => {
  assert.deepEqual(prune({}), ['web', 'db']);
  assert.deepEqual(prune({ until: ['2026-07-01T00:00:00Z'] }), ['web']);
  assert.deepEqual(prune({ 'label!': ['tier=front'] }), ['db']);
  assert.deepEqual(prune({ label: ['tier'] }), ['web', 'db']);
  assert.throws(() => prune({ dangling: ['true'] }), { message: "Invalid filter 'dangling'" });
  assert.throws(() => prune({ until: ['1h', '2h'] }), { code: 'INVALID_ARGUMENT' });
});
