/** `docker stats`'s figures and columns, with samples and rows taken from Docker 20.10 and docker CLI 28. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuPercent, DEFAULT_STATS_TABLE, emptyEntry, entryFromSample, memoryUsage, screenFrame, StatsContext, statsHeader } from './stats-context.js';
import { renderFormat } from './formatter.js';
import type { StatsResponse } from '../../client/api/stats.js';

/** A sample of the reference's `-m 64m` busy-loop container (the block I/O entries added). */
const SAMPLE: StatsResponse = {
  name: '/stats-probe1', id: '25536147a2847c211f9312fb04f7f91e3b9763712c187942b31f12da0dc2c5f6',
  pids_stats: { current: 2 },
  blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 4096 }, { op: 'Write', value: 1_500_000 }, { op: 'Total', value: 1_504_096 }] },
  cpu_stats: { cpu_usage: { total_usage: 73000091165, percpu_usage: [43496050693, 29504040472] }, system_cpu_usage: 14514920000000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 72144785140 }, system_cpu_usage: 14512960000000, online_cpus: 2 },
  memory_stats: { usage: 2428928, limit: 67108864, stats: { total_inactive_file: 0, inactive_file: 0 } },
  networks: { eth0: { rx_bytes: 1016, tx_bytes: 0 } },
};

test('CPU %: the container\'s delta over the host\'s, times the CPUs online; 0 without a positive delta', () => {
  assert.equal(cpuPercent(SAMPLE).toFixed(2), '87.28');
  assert.equal(cpuPercent({ ...SAMPLE, precpu_stats: SAMPLE.cpu_stats }), 0);
  const noOnline = { ...SAMPLE, cpu_stats: { ...SAMPLE.cpu_stats, online_cpus: 0 } };
  assert.equal(cpuPercent(noOnline), cpuPercent(SAMPLE), 'falls back to the per-CPU list length');
});

test('memory without the inactive file cache: total_inactive_file on v1, inactive_file on v2', () => {
  assert.equal(memoryUsage({ memory_stats: { usage: 1000, stats: { total_inactive_file: 300, inactive_file: 100 } } }), 700);
  assert.equal(memoryUsage({ memory_stats: { usage: 1000, stats: { inactive_file: 100 } } }), 900);
  assert.equal(memoryUsage({ memory_stats: { usage: 1000, stats: { total_inactive_file: 2000, inactive_file: 100 } } }), 900);
  assert.equal(memoryUsage({}), 0);
});

test('the columns as docker prints them; `--` for an invalid row; JSON with sorted keys', () => {
  const row = new StatsContext(entryFromSample('stats-probe1', SAMPLE), true);
  assert.equal(row.ID(), '25536147a284');
  assert.equal(row.Name(), 'stats-probe1');
  assert.equal(row.MemUsage(), '2.316MiB / 64MiB');
  assert.equal(row.MemPerc(), '3.62%');
  assert.equal(row.NetIO(), '1.02kB / 0B');
  assert.equal(row.BlockIO(), '4.1kB / 1.5MB');
  assert.equal(row.PIDs(), '2');
  const bad = new StatsContext({ ...emptyEntry('x'), IsInvalid: true }, true);
  assert.deepEqual([bad.Name(), bad.CPUPerc(), bad.MemUsage(), bad.MemPerc(), bad.NetIO(), bad.BlockIO(), bad.PIDs()], ['--', '--', '-- / --', '--', '--', '--', '--']);
  // docker CLI 28 for a stopped container of the reference:
  assert.equal(new StatsContext(entryFromSample('stats-probe2', { name: '/stats-probe2', id: '1477c32f3647816774f06ac674126be990e1c8ae60d5194b126f8313b1906e53' }), true).marshalJSON(),
    '{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"stats-probe2","ID":"1477c32f3647","MemPerc":"0.00%","MemUsage":"0B / 0B","Name":"stats-probe2","NetIO":"0B / 0B","PIDs":"0"}');
});

test('the default table has docker\'s header', () => {
  const out = renderFormat({ format: 'table', defaultTable: DEFAULT_STATS_TABLE, header: statsHeader, rows: [] });
  assert.equal(out, 'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n');
});

test('a redraw is docker CLI 28\'s bytes: home, the table, each line again with erase-line, erase-below', () => {
  assert.equal(screenFrame('H\nr1\n'), '\x1b[HH\nr1\n\x1b[HH \x1b[K\nr1 \x1b[K\n \x1b[K\n\x1b[J');
});
