import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampRlimits, hostHardLimits } from './rlimits.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             32768                32768                processes
Max open files            20000                20000                files
Max core file size        0                    unlimited            bytes
`;

test('hostHardLimits reads /proc/self/limits format', () => {
  const m = hostHardLimits(LIMITS);
  assert.equal(m.get('RLIMIT_NPROC'), 32768);
  assert.equal(m.get('RLIMIT_NOFILE'), 20000);
  assert.equal(m.get('RLIMIT_CORE'), Infinity);
});

test('clampRlimits lowers limits above the host hard limit and keeps soft <= hard', () => {
  const out = clampRlimits(
    [{ type: 'RLIMIT_NOFILE', soft: 1048576, hard: 1048576 }, { type: 'RLIMIT_NPROC', soft: 100, hard: 200 }],
    hostHardLimits(LIMITS),
  );
  assert.deepEqual(out, [
    { type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 },
    { type: 'RLIMIT_NPROC', soft: 100, hard: 200 },
  ]);
});
