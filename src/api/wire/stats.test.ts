import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statsJson } from './stats.js';
import type { StatsSample } from '../../engine/engine.js';

test('u64 counters are written digit for digit, one document per line', () => {
  const s = {
    read: '0001-01-01T00:00:00Z', name: '/x', memory_stats: { stats: { hierarchical_memory_limit: 9223372036854771712n }, limit: 67108864n },
    pids_stats: { current: 2n }, blkio_stats: { io_service_bytes_recursive: null },
  } as unknown as StatsSample;
  assert.equal(statsJson(s),
    '{"read":"0001-01-01T00:00:00Z","name":"/x","memory_stats":{"stats":{"hierarchical_memory_limit":9223372036854771712},"limit":67108864},'
    + '"pids_stats":{"current":2},"blkio_stats":{"io_service_bytes_recursive":null}}\n');
});
