import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, getTimestamp, parseGoDuration } from './time.js';

test('Go durations in nanoseconds, with Go\'s error text', () => {
  assert.equal(parseGoDuration('1h30m'), 5400e9);
  assert.equal(parseGoDuration('1.5s'), 1.5e9);
  assert.equal(parseGoDuration('-2ms'), -2e6);
  assert.equal(parseGoDuration('0'), 0);
  assert.throws(() => parseGoDuration('5'), { message: 'time: invalid duration "5"' });
  assert.throws(() => parseGoDuration('1d'), { message: 'time: invalid duration "1d"' });
});

test('timestamps: durations back from now, RFC 3339, dates, unix seconds pass through', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  assert.equal(getTimestamp('1h', now), `${now / 1000 - 3600}.000000000`);
  assert.equal(getTimestamp('2026-01-01T00:00:10Z', now), `${now / 1000 + 10}.000000000`);
  assert.equal(getTimestamp('2026-01-01', now), `${now / 1000}.000000000`);
  assert.equal(getTimestamp('1700000000', now), '1700000000');
  assert.equal(getTimestamp('1700000000.5', now), '1700000000.5');
  assert.throws(() => getTimestamp('yesterday', now), { code: 'INVALID_TIMESTAMP', message: 'failed to parse value as time or duration: "yesterday"' });
});

test('Go durations written as Go\'s Duration.String writes them', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'], [750, '750ns'], [1500, '1.5µs'], [1e6, '1ms'], [500e6, '500ms'], [1.5e9, '1.5s'], [30e9, '30s'],
    [60e9, '1m0s'], [90e9, '1m30s'], [3600e9, '1h0m0s'], [3723.5e9, '1h2m3.5s'], [-2e6, '-2ms'], [1e9 + 1, '1.000000001s'],
  ];
  for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text, String(ns));
});
