import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchLabelFilters, parseUntil } from './filters.js';

test('until: durations, unix seconds, timestamps; junk is a 400', () => {
  const now = 1_700_000_000_000;
  assert.equal(parseUntil('1h30m', now), now / 1000 - 5400);
  assert.equal(parseUntil('1700000000', now), 1_700_000_000);
  assert.equal(parseUntil('2023-11-14T22:13:20Z', now), 1_700_000_000);
  assert.throws(() => parseUntil('soon', now), { code: 'INVALID_ARGUMENT' });
});

test('label and label! filters', () => {
  const f = new Map([['label', ['a=1', 'b']], ['label!', ['c']]]);
  assert.equal(matchLabelFilters({ a: '1', b: 'x' }, f), true);
  assert.equal(matchLabelFilters({ a: '1', b: 'x', c: '' }, f), false);
  assert.equal(matchLabelFilters({ a: '2', b: 'x' }, f), false);
});
