import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogLine } from './logs.js';

test('parseLogLine reads full and partial k8s-file lines', () => {
  const full = parseLogLine(Buffer.from('2026-11-24T02:56:53.057635834+00:00 stdout F hello world'));
  assert.deepEqual(full, { stream: 'stdout', time: '2026-11-24T02:56:53.057635834Z', data: Buffer.from('hello world\n') });
  const partial = parseLogLine(Buffer.from('2026-11-24T02:56:53.057635834+00:00 stderr P abc'));
  assert.equal(partial?.data.toString(), 'abc');
  assert.equal(partial?.stream, 'stderr');
  assert.equal(parseLogLine(Buffer.from('2026-11-24T02:56:53Z stdout F '))?.data.toString(), '\n');
  assert.equal(parseLogLine(Buffer.from('garbage')), undefined);
  const binary = Buffer.concat([Buffer.from('2026-11-24T02:56:53Z stdout P '), Buffer.from([0xff, 0x00, 0x10, 0x80])]);
  assert.deepEqual(parseLogLine(binary)?.data, Buffer.from([0xff, 0x00, 0x10, 0x80]), 'bytes that are not UTF-8 pass unchanged');
});
