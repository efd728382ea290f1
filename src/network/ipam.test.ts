/**
 * IPAM: default subnets skip other networks and the host's routes; requested pools are checked as
 * libnetwork checks them; addresses are never handed out twice, also after a reload from disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ipam, type IpamOptions } from './ipam.js';
import { parseCidr } from './cidr.js';
import { DEFAULT_POOLS } from './pools.js';
import { AddressInUseError, AddressOutOfRangeError, InvalidNetworkConfigError, PoolExhaustedError, PoolOverlapError } from './errors.js';

async function withIpam(o: Partial<IpamOptions>, fn: (ipam: Ipam, root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-ipam-'));
  try {
    const ipam = new Ipam(root, { pools: DEFAULT_POOLS, routes: () => [], ...o });
    await ipam.init();
    await fn(ipam, root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('default subnets come from the pools in order, skipping taken ones and host routes', () => withIpam({ routes: () => [parseCidr('172.18.5.0/24')!] }, async (ipam) => {
  assert.deepEqual(await ipam.requestPools('a', []), [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }]);
  assert.deepEqual(await ipam.requestPools('b', []), [{ Subnet: '172.19.0.0/16', Gateway: '172.19.0.1' }]);
  await ipam.releasePools('a');
  assert.deepEqual(await ipam.requestPools('c', []), [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }]);
}));

test('the pools run out: Docker\'s message', () => withIpam({ pools: [{ base: '10.9.0.0/23', size: 24 }] }, async (ipam) => {
  await ipam.requestPools('a', []);
  assert.deepEqual(await ipam.requestPools('b', []), [{ Subnet: '10.9.1.0/24', Gateway: '10.9.1.1' }]);
  await assert.rejects(ipam.requestPools('c', []), (e: Error) => e instanceof PoolExhaustedError && /non-overlapping IPv4 address pool/.test(e.message));
}));

test('requested pools: overlaps, bad CIDRs, a gateway or range outside the subnet', () => withIpam({}, async (ipam) => {
  assert.deepEqual(await ipam.requestPools('a', [{ Subnet: '10.5.0.0/16', IPRange: '10.5.1.0/24', Gateway: '10.5.0.254' }]),
    [{ Subnet: '10.5.0.0/16', IPRange: '10.5.1.0/24', Gateway: '10.5.0.254' }]);
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.5.3.0/24' }]), (e: Error) => e instanceof PoolOverlapError && e.message === 'Pool overlaps with other one on this address space');
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.0.0.0/8' }]), PoolOverlapError);
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.6.0.0/16' }, { Subnet: '10.6.1.0/24' }]), PoolOverlapError);
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.6.0.0/33' }]), { message: 'Invalid subnet 10.6.0.0/33 : invalid CIDR address: 10.6.0.0/33' });
  await assert.rejects(ipam.requestPools('b', [{ Gateway: '10.6.0.1' }]), { message: 'Invalid subnet  : invalid CIDR address: ' });
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.6.0.0/16', Gateway: 'zz' }]), (e: Error) => e instanceof InvalidNetworkConfigError && e.message === 'invalid gateway address zz in Ipam configuration');
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.6.0.0/16', Gateway: '10.7.0.1' }]),
    (e: Error) => e instanceof AddressOutOfRangeError && e.message === 'failed to allocate gateway (10.7.0.1): Requested address is out of range');
  await assert.rejects(ipam.requestPools('b', [{ Subnet: '10.6.0.0/16', IPRange: '10.7.0.0/24' }]), AddressOutOfRangeError);
  assert.equal(ipam.poolsOf('b'), undefined, 'nothing kept of refused requests');
  // A host route does not block a subnet asked for by name (Docker checks routes for defaults only).
  assert.deepEqual(await ipam.requestPools('c', [{ Subnet: '10.6.0.1/16' }]), [{ Subnet: '10.6.0.1/16', Gateway: '10.6.0.1' }]);
}));

test('addresses: serial, skipping gateway and auxiliary addresses, requested ones checked', () => withIpam({}, async (ipam) => {
  await ipam.requestPools('n', [{ Subnet: '10.5.0.0/29', AuxiliaryAddresses: { h: '10.5.0.3' } }]);
  assert.equal(await ipam.allocate('n'), '10.5.0.2');
  assert.equal(await ipam.allocate('n'), '10.5.0.4');
  await ipam.release('n', '10.5.0.2');
  assert.equal(await ipam.allocate('n'), '10.5.0.5', 'a released address is not reused at once');
  await assert.rejects(ipam.allocate('n', { ip: '10.5.0.4' }), AddressInUseError);
  await assert.rejects(ipam.allocate('n', { ip: '10.5.0.1' }), AddressInUseError, 'the gateway');
  await assert.rejects(ipam.allocate('n', { ip: '10.5.0.9' }), AddressOutOfRangeError);
  await assert.rejects(ipam.allocate('n', { ip: '10.5.0.7' }), AddressOutOfRangeError, 'the broadcast address');
  assert.equal(await ipam.allocate('n', { ip: '10.5.0.2' }), '10.5.0.2');
  assert.equal(await ipam.allocate('n'), '10.5.0.6');
  await assert.rejects(ipam.allocate('n'), PoolExhaustedError);
  await ipam.release('n', '10.5.0.5');
  assert.equal(await ipam.allocate('n'), '10.5.0.5');
}));

test('an ip-range bounds dynamic addresses, not requested ones', () => withIpam({}, async (ipam) => {
  await ipam.requestPools('n', [{ Subnet: '10.5.0.0/16', IPRange: '10.5.1.0/30' }]);
  assert.deepEqual([await ipam.allocate('n'), await ipam.allocate('n'), await ipam.allocate('n'), await ipam.allocate('n')],
    ['10.5.1.0', '10.5.1.1', '10.5.1.2', '10.5.1.3']);
  await assert.rejects(ipam.allocate('n'), PoolExhaustedError);
  assert.equal(await ipam.allocate('n', { ip: '10.5.7.7' }), '10.5.7.7');
}));

test('concurrent allocations never share an address', () => withIpam({}, async (ipam) => {
  await ipam.requestPools('n', [{ Subnet: '10.5.0.0/24' }]);
  const ips = await Promise.all(Array.from({ length: 40 }, () => ipam.allocate('n')));
  assert.equal(new Set(ips).size, 40);
}));

test('allocations and pools survive a reload; leftover temp files are swept', () => withIpam({}, async (ipam, root) => {
  await ipam.requestPools('n', [{ Subnet: '10.5.0.0/24' }]);
  const a = await ipam.allocate('n');
  const b = await ipam.allocate('n');
  await ipam.release('n', a);
  await writeFile(join(root, '.tmp-n.json-123'), '{"torn');
  const again = new Ipam(root, { pools: DEFAULT_POOLS, routes: () => [] });
  await again.init();
  assert.deepEqual(again.allocated('n'), [b]);
  assert.equal(await again.allocate('n'), '10.5.0.4', 'continues after the last one handed out');
  await assert.rejects(again.requestPools('m', [{ Subnet: '10.5.0.0/25' }]), PoolOverlapError);
  assert.deepEqual((await readdir(root)).sort(), ['n.json']);
}));

test('bad default pools are refused', () => {
  assert.throws(() => new Ipam('/nonexistent', { pools: [{ base: '10.0.0.0/33', size: 24 }], routes: () => [] }), InvalidNetworkConfigError);
  assert.throws(() => new Ipam('/nonexistent', { pools: [{ base: '10.0.0.0/16', size: 8 }], routes: () => [] }), InvalidNetworkConfigError);
});
