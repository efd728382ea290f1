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
import { BUSYBOX, Sandbox, eventually, hostSnapshot, type HostSnapshot } from './sandbox.js';

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
  const rulesUp = await box.exec(box.hostNs, ['iptables-save']);
  assert.match(rulesUp, /10\.199\.7\.0\/24/);
  assert.match(rulesUp, /^:FORWARD ACCEPT/m, 'netavark leaves the FORWARD policy alone');

  await box.driver.teardown(c1, opts);
  assert.doesNotMatch(await box.exec(c1, ['ip', '-o', 'link']), /eth0/);
  const hostLinks = await box.exec(box.hostNs, ['ip', '-o', 'link']);
  assert.doesNotMatch(hostLinks, /wtest0|veth/);
  // netavark 1.4 keeps its empty top chains (NETAVARK_FORWARD, NETAVARK-HOSTPORT-*); the network's own are gone.
  const rules = await box.exec(box.hostNs, ['iptables-save']);
  assert.doesNotMatch(rules, /10\.199\.7\./);
  assert.doesNotMatch(rules, /NETAVARK-[0-9A-F]{13}/);
});

test('static_mac and the mtu option reach the interface', { timeout: 60_000 }, async () => {
  const c1 = await box.container('c1');
  const o1 = options('c1', '10.199.7.6', network({ options: { mtu: '1400' } }));
  o1.networks.tnet!.static_mac = '02:42:0a:c7:07:06';
  const status = await box.driver.setup(c1, o1);
  assert.equal(status.tnet?.interfaces?.eth0?.mac_address, '02:42:0a:c7:07:06');
  assert.match(await box.exec(c1, ['ip', 'link', 'show', 'eth0']), /mtu 1400 .*\n.*link\/ether 02:42:0a:c7:07:06/);
  await box.driver.teardown(c1, o1);
});

test('two containers on one network ping each other', { timeout: 60_000 }, async () => {
  const [c1, c2] = [await box.container('c1'), await box.container('c2')];
  await box.driver.setup(c1, options('c1', '10.199.7.11'));
  await box.driver.setup(c2, options('c2', '10.199.7.12'));
  assert.match(await box.exec(c1, [BUSYBOX, 'ping', '-c', '1', '-W', '3', '10.199.7.12']), /1 packets received/);
  assert.match(await box.exec(c2, [BUSYBOX, 'ping', '-c', '1', '-W', '3', '10.199.7.11']), /1 packets received/);
  const veths = async (): Promise<number> => (await box.exec(box.hostNs, ['ip', '-o', 'link', 'show', 'master', BRIDGE])).split('\n').filter(Boolean).length;
  assert.equal(await veths(), 2);
  await box.driver.teardown(c2, options('c2', '10.199.7.12'));
  assert.equal(await veths(), 1, "c2's veth is gone, c1's stays on the bridge");
  await assert.rejects(box.exec(c1, [BUSYBOX, 'ping', '-c', '1', '-W', '1', '10.199.7.12']), /0 packets received/);
  await box.driver.teardown(c1, options('c1', '10.199.7.11'));
});

test('with dns_enabled, aardvark-dns answers names and aliases; teardown removes entries, the last one stops it', { timeout: 60_000 }, async () => {
  // Upstream: the test host's own loopback, where nothing listens, so other names fail at once there.
  const net = network({ dns_enabled: true, network_dns_servers: ['127.0.0.1'] });
  const [c1, c2] = [await box.container('c1'), await box.container('c2')];
  const o1 = options('c1', '10.199.7.21', net, { dns_servers: ['127.0.0.2'] });
  const o2 = options('c2', '10.199.7.22', net);
  const s1 = await box.driver.setup(c1, o1);
  assert.deepEqual(s1.tnet?.dns_server_ips, [GATEWAY]);
  assert.deepEqual(s1.tnet?.dns_search_domains, ['dns.podman']);
  await box.driver.setup(c2, o2);
  assert.ok(await box.aardvarkPid(), 'aardvark-dns runs');

  for (const name of ['c2', 'c2-alias']) {
    const answer = await eventually(() => box.exec(c1, [BUSYBOX, 'nslookup', '-type=a', name, GATEWAY]));
    assert.match(answer, /Address: 10\.199\.7\.22/, name);
  }
  assert.match(await box.exec(c2, [BUSYBOX, 'nslookup', '-type=a', 'c1-alias', GATEWAY]), /Address: 10\.199\.7\.21/);
  await assert.rejects(box.exec(c1, [BUSYBOX, 'nslookup', '-type=a', 'nobody', GATEWAY]));

  await box.driver.teardown(c2, o2);
  const entries = await readAardvarkEntries(box.configDir, 'tnet');
  assert.deepEqual(entries, [{ containerId: o1.container_id, ipv4: ['10.199.7.21'], ipv6: [], names: ['c1', 'c1-alias'], dnsServers: ['127.0.0.2'] }]);
  // Right after a teardown this answer sometimes takes ~5 s (nslookup's retry; seen here, cause not pinned down).
  await eventually(() => assert.rejects(box.exec(c1, [BUSYBOX, 'nslookup', '-type=a', 'c2', GATEWAY], 15_000)), 5);

  await box.driver.teardown(c1, o1);
  assert.equal(await readAardvarkEntries(box.configDir, 'tnet'), undefined);
  await eventually(async () => assert.equal(await box.aardvarkPid(), undefined, 'aardvark-dns stopped after the last container'));
});

test('an internal network has no route out and no masquerading', { timeout: 60_000 }, async () => {
  const net = network({ internal: true });
  const c1 = await box.container('c1');
  const o1 = options('c1', '10.199.7.31', net);
  await box.driver.setup(c1, o1);
  assert.equal(await box.exec(c1, ['ip', 'route', 'show', 'default']), '');
  await assert.rejects(box.exec(c1, ['ip', 'route', 'get', '192.0.2.1']), /unreachable/i);
  assert.doesNotMatch(await box.exec(box.hostNs, ['iptables-save', '-t', 'nat']), /10\.199\.7\.0\/24/);
  await box.driver.teardown(c1, o1);
});

/** A TCP server in `ns` on each port that answers `port <n>` and closes; resolves once all listen. */
async function tcpServer(ns: string, ports: number[]): Promise<void> {
  const code = `const net=require('net');let n=0;for(const p of ${JSON.stringify(ports)})net.createServer(s=>s.end('port '+p)).listen(p,'0.0.0.0',()=>{if(++n===${ports.length})console.log('ready')})`;
  const child = box.spawn(ns, [process.execPath, '-e', code]);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 10 s')), 10_000);
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && (clearTimeout(timer), resolve()));
    child.on('exit', (c) => (clearTimeout(timer), reject(new Error(`server exited with ${c}`))));
  });
}

/** Connects from `ns` to host:port and returns what the server said (a 5 s limit). */
function tcpGet(ns: string, host: string, port: number): Promise<string> {
  const code = `const s=require('net').connect(${port},'${host}');let d='';s.setTimeout(4000,()=>{console.error('timeout');process.exit(3)});s.on('data',b=>d+=b);s.on('end',()=>console.log(d));s.on('error',e=>{console.error(e.message);process.exit(2)})`;
  return box.exec(ns, [process.execPath, '-e', code], 5_000).then((s) => s.trim());
}

test('port mappings forward the host netns port, a range and a host_ip, to the container; teardown removes them', { timeout: 60_000 }, async () => {
  const c1 = await box.container('c1');
  const o1 = options('c1', '10.199.7.41', network(), {
    port_mappings: [
      { host_ip: '', container_port: 80, host_port: 8080, range: 2, protocol: 'tcp' },
      { host_ip: GATEWAY, container_port: 80, host_port: 9090, range: 1, protocol: 'tcp' },
      { host_ip: '', container_port: 70, host_port: 7070, range: 1, protocol: 'tcp' },
      { host_ip: '', container_port: 70, host_port: 7070, range: 1, protocol: 'udp' },
    ],
  });
  await box.driver.setup(c1, o1);
  await tcpServer(c1, [80, 81]);
  assert.equal(await tcpGet(box.hostNs, GATEWAY, 8080), 'port 80');
  assert.equal(await tcpGet(box.hostNs, GATEWAY, 8081), 'port 81');
  assert.equal(await tcpGet(box.hostNs, GATEWAY, 9090), 'port 80');
  const nat = await box.exec(box.hostNs, ['iptables-save', '-t', 'nat']);
  assert.match(nat, /--to-destination 10\.199\.7\.41:80/);
  for (const proto of ['tcp', 'udp']) assert.match(nat, new RegExp(`-p ${proto} -m ${proto} --dport 7070 -j DNAT --to-destination 10\\.199\\.7\\.41:70`));

  await box.driver.teardown(c1, o1);
  assert.doesNotMatch(await box.exec(box.hostNs, ['iptables-save', '-t', 'nat']), /10\.199\.7\.41|dport (8080|9090|7070)/);
});
