/**
 * The netavark driver against the real netavark 1.4 and aardvark-dns. netavark runs inside a
 * namespace each test makes (Sandbox), so its bridge, veths and iptables rules never reach the
 * real host; after each test the real host's links, named namespaces, iptables and FORWARD policy
 * must be as they were.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkDefinition, NetworkSetupOptions } from '../../src/network/driver.js';
import { readAardvarkEntries } from '../../src/network/netavark/aardvark.js';
import { BUSYBOX, Sandbox, hostSnapshot, type HostSnapshot } from './sandbox.js';

const ID = 'a'.repeat(64);
const SUBNET = '10.199.7.0/24';
const GATEWAY = '10.199.7.1';
const BRIDGE = 'wtest0';

function network(extra: Partial<NetworkDefinition> = {}): NetworkDefinition {
  return {
    name: 'tnet',
    id: ID,
    driver: 'bridge',
    network_interface: BRIDGE,
    subnets: [{ subnet: SUBNET, gateway: GATEWAY }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ...extra,
  };
}

function options(name: string, ip: string, net = network(), extra: Partial<NetworkSetupOptions> = {}): NetworkSetupOptions {
  return {
    container_id: name.padEnd(64, '0'),
    container_name: name,
    networks: { [net.name]: { interface_name: 'eth0', static_ips: [ip], aliases: [`${name}-alias`] } },
    network_info: { [net.name]: net },
    ...extra,
  };
}

let box: Sandbox;
let before: HostSnapshot;

beforeEach(async () => {
  before = await hostSnapshot();
  box = await Sandbox.open();
});

afterEach(async () => {
  await box.close();
  const after = await hostSnapshot();
  assert.deepEqual(after, before, 'the real host is unchanged');
});

test('setup gives eth0 the address and a default route via the gateway; teardown removes veth, bridge and rules', { timeout: 60_000 }, async () => {
  const c1 = await box.container('c1');
  const opts = options('c1', '10.199.7.5');
  const status = await box.driver.setup(c1, opts);
  const eth0 = status.tnet?.interfaces?.eth0;
  assert.match(eth0?.mac_address ?? '', /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.deepEqual(eth0?.subnets, [{ ipnet: '10.199.7.5/24', gateway: GATEWAY }]);

  const addr = await box.exec(c1, ['ip', '-o', '-4', 'addr', 'show', 'eth0']);
  assert.match(addr, /inet 10\.199\.7\.5\/24 /);
  assert.match(await box.exec(c1, ['ip', 'link', 'show', 'eth0']), new RegExp(`link/ether ${eth0!.mac_address}`));
  assert.match(await box.exec(c1, ['ip', 'route', 'show', 'default']), /^default via 10\.199\.7\.1 dev eth0/);
  assert.match(await box.exec(box.hostNs, ['ip', '-o', 'link', 'show', BRIDGE]), /wtest0/);
  assert.match(await box.exec(box.hostNs, ['iptables-save']), /10\.199\.7\.0\/24/);

  await box.driver.teardown(c1, opts);
  assert.doesNotMatch(await box.exec(c1, ['ip', '-o', 'link']), /eth0/);
  const hostLinks = await box.exec(box.hostNs, ['ip', '-o', 'link']);
  assert.doesNotMatch(hostLinks, /wtest0|veth/);
  // netavark 1.4 keeps its empty top chains (NETAVARK_FORWARD, NETAVARK-HOSTPORT-*); the network's own are gone.
  const rules = await box.exec(box.hostNs, ['iptables-save']);
  assert.doesNotMatch(rules, /10\.199\.7\./);
  assert.doesNotMatch(rules, /NETAVARK-[0-9A-F]{13}/);
});
