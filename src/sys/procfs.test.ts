import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetDev, parseSystemCpuUsage } from './procfs.js';

test('system CPU usage: the first seven fields of the cpu line, ticks → ns (steal and guest left out)', () => {
  assert.equal(parseSystemCpuUsage('cpu  10 20 30 40 50 60 70 80 90 100\ncpu0 1 2 3 4 5 6 7 8 9 10\n'), 280n * 10_000_000n);
  assert.equal(parseSystemCpuUsage('intr 1 2\n'), undefined);
  assert.equal(parseSystemCpuUsage(''), undefined);
});

test('net/dev: receive and transmit counters per interface, header lines skipped', () => {
  const text = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0',
    '  eth0:    1016      12    1    2    0     0          0         0       90       1    3    4    0     0       0          0',
  ].join('\n');
  const m = parseNetDev(text);
  assert.deepEqual([...m.keys()], ['lo', 'eth0']);
  assert.deepEqual(m.get('eth0'), {
    rx_bytes: 1016n, rx_packets: 12n, rx_errors: 1n, rx_dropped: 2n, tx_bytes: 90n, tx_packets: 1n, tx_errors: 3n, tx_dropped: 4n,
  });
});
