/**
 * The network service over a real store and IPAM on a temp dir: a create cut short (pools reserved,
 * no record) is swept at init; the predefined networks keep their IDs, and the bridge follows a
 * changed `bip` while keeping its addresses when nothing changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkService } from './service.js';
import type { BridgeConfig } from './predefined.js';
import { NetworkStore } from '../../network/store.js';
import { Ipam } from '../../network/ipam.js';
import { EventJournal } from '../events/journal.js';

const POOLS = [{ base: '10.90.0.0/16', size: 24 }];

async function open(root: string, bridge: BridgeConfig = {}): Promise<{ svc: NetworkService; ipam: Ipam; store: NetworkStore }> {
  const store = new NetworkStore(join(root, 'networks'));
  const ipam = new Ipam(join(root, 'ipam'), { pools: POOLS, routes: () => [] });
  await Promise.all([store.init(), ipam.init()]);
  const svc = new NetworkService({ store, ipam, journal: new EventJournal(), bridge });
  await svc.init();
  return { svc, ipam, store };
}

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-netsvc-'));
  try {
    await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('pools of a create cut short are released at init; the subnet is free again', () => withRoot(async (root) => {
  const first = await open(root);
  await first.ipam.requestPools('f'.repeat(64), [{ Subnet: '10.50.0.0/16' }]);
  const { svc, ipam } = await open(root);
  assert.deepEqual(ipam.networks().length, 1, 'only the bridge\'s');
  assert.deepEqual(svc.list().map((n) => n.Name), ['bridge', 'host', 'none']);
  const { Id } = await svc.create({ Name: 'n', IPAM: { Config: [{ Subnet: '10.50.0.0/16' }] } });
  assert.equal(svc.inspect('n').Id, Id);
}));

test('predefined networks keep their IDs; the bridge keeps its addresses unless bip changes', () => withRoot(async (root) => {
  const a = await open(root, { bip: '10.80.0.1/24' });
  const ids = a.svc.list().map((n) => n.Id);
  const bridge = a.svc.inspect('bridge');
  assert.deepEqual(bridge.IPAM.Config, [{ Subnet: '10.80.0.0/24', Gateway: '10.80.0.1' }]);
  const ip = await a.ipam.allocate(bridge.Id);
  const b = await open(root, { bip: '10.80.0.1/24' });
  assert.deepEqual(b.svc.list().map((n) => n.Id), ids);
  assert.deepEqual(b.ipam.allocated(bridge.Id), [ip]);
  const c = await open(root, { bip: '10.81.0.1/16', fixedCidr: '10.81.4.0/24' });
  assert.deepEqual(c.svc.list().map((n) => n.Id), ids);
  assert.deepEqual(c.svc.inspect('bridge').IPAM.Config, [{ Subnet: '10.81.0.0/16', IPRange: '10.81.4.0/24', Gateway: '10.81.0.1' }]);
  assert.deepEqual(c.ipam.allocated(bridge.Id), []);
  const d = await open(root);
  assert.deepEqual(d.svc.inspect('bridge').IPAM.Config, [{ Subnet: '10.81.0.0/16', IPRange: '10.81.4.0/24', Gateway: '10.81.0.1' }], 'no bip: the bridge keeps what it has');
}));

test('without bip the bridge takes the first default subnet', () => withRoot(async (root) => {
  const { svc } = await open(root);
  assert.deepEqual(svc.inspect('bridge').IPAM.Config, [{ Subnet: '10.90.0.0/24', Gateway: '10.90.0.1' }]);
  await svc.create({ Name: 'x' });
  assert.deepEqual(svc.inspect('x').IPAM.Config, [{ Subnet: '10.90.1.0/24', Gateway: '10.90.1.1' }]);
}));
