import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, getTimestamp, parseGoDuration, parseUnixNanos } from './time.js';

test('Go durations in nanoseconds, with Go\'s error text', () => {
  assert.equal(parseGoDuration('1h30m'), 5400e9);
  assert.equal(parseGoDuration('1.5s'), 1.5e9);
  assert.equal(parseGoDuration('-2ms'), -2e6);
  assert.equal(parseGoDuration('0'), 0);
  assert.throws(() => parseGoDuration('5'), { message: 'time: missing unit in duration "5"' });
  assert.throws(() => parseGoDuration('1d'), { message: 'time: unknown unit "d" in duration "1d"' });
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

test('API timestamps as Unix nanoseconds, with strconv.ParseInt\'s messages (dockerd\'s eventTime)', () => {
  assert.equal(parseUnixNanos('1700000000'), 1_700_000_000_000_000_000n);
  assert.equal(parseUnixNanos('1700000000.5'), 1_700_000_000_500_000_000n);
  assert.equal(parseUnixNanos('1700000000.000000001'), 1_700_000_000_000_000_001n);
  assert.equal(parseUnixNanos('1.1234567891'), 1_123_456_789n);
  assert.equal(parseUnixNanos('-5'), -5_000_000_000n);
  assert.equal(parseUnixNanos('0'), 0n);
  assert.throws(() => parseUnixNanos('abc'), { code: 'PARSE_INT', message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
  assert.throws(() => parseUnixNanos('1.x'), { message: 'strconv.ParseInt: parsing "x": invalid syntax' });
  assert.throws(() => parseUnixNanos('1h'), { message: 'strconv.ParseInt: parsing "1h": invalid syntax' });
  assert.throws(() => parseUnixNanos('1.'), { message: 'strconv.ParseInt: parsing "": invalid syntax' });
  assert.throws(() => parseUnixNanos('99999999999999999999'), { message: 'strconv.ParseInt: parsing "99999999999999999999": value out of range' });
});

test('Go durations written as Go\'s Duration.String writes them', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'], [750, '750ns'], [1500, '1.5µs'], [1e6, '1ms'], [500e6, '500ms'], [1.5e9, '1.5s'], [30e9, '30s'],
    [60e9, '1m0s'], [90e9, '1m30s'], [3600e9, '1h0m0s'], [3723.5e9, '1h2m3.5s'], [-2e6, '-2ms'], [1e9 + 1, '1.000000001s'],
  ];
  for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text, String(ns));
});
