import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rfc3339Nano } from './clock.js';

test('read times are Go\'s RFC3339Nano: nanoseconds, trailing zeros dropped, no fraction when whole', () => {
  assert.equal(rfc3339Nano(1796169034591177137n), '2026-12-01T23:50:34.591177137Z');
  assert.equal(rfc3339Nano(1796169034500000000n), '2026-12-01T23:50:34.5Z');
  assert.equal(rfc3339Nano(1796169034000000000n), '2026-12-01T23:50:34Z');
  assert.equal(rfc3339Nano(1796169034000000010n), '2026-12-01T23:50:34.00000001Z');
});
