/** Default pools and the host's routes as /proc/net/route gives them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POOLS, hostRoutes, parsePools, subnetsOf } from './pools.js';

test('Docker\'s default pools: 172.17–31/16, then 192.168/16 in /20s', () => {
  const pools = parsePools(DEFAULT_POOLS);
  assert.equal(pools.length, 16);
  assert.deepEqual([...subnetsOf(pools[0]!)].map((s) => s.text), ['172.17.0.0/16']);
  assert.deepEqual([...subnetsOf(pools[14]!)].map((s) => s.text), ['172.31.0.0/16']);
  const last = [...subnetsOf(pools[15]!)].map((s) => s.text);
  assert.equal(last.length, 16);
  assert.deepEqual([last[0], last[1], last[15]], ['192.168.0.0/20', '192.168.16.0/20', '192.168.240.0/20']);
});

test('routes from /proc/net/route, without the default route', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-routes-'));
  try {
    const file = join(dir, 'route');
    await writeFile(file, [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'br0\t00001DAC\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'br1\t00FF1EAC\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'eth1\t000010AC\t00000000\t0001\t0\t0\t0\t0000F0FF\t0\t0\t0',
    ].join('\n') + '\n');
    assert.deepEqual(hostRoutes(file).map((r) => r.text), ['172.29.0.0/24', '172.30.255.0/24', '172.16.0.0/12']);
    assert.deepEqual(hostRoutes(join(dir, 'missing')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
