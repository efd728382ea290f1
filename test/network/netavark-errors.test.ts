/**
 * How the netavark driver fails: netavark's own error answers, time limits, abort signals, a
 * missing binary and options it would refuse, each as a NetavarkError with its code. netavark runs
 * in a namespace the test made, and the real host must be unchanged afterwards.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { NetworkSetupOptions } from '../../src/network/driver.js';
import { NetavarkDriver } from '../../src/network/netavark/driver.js';
import { NetavarkError } from '../../src/network/netavark/errors.js';
import { Sandbox, hostSnapshot, type HostSnapshot } from './sandbox.js';

const OPTS: NetworkSetupOptions = {
  container_id: 'e'.repeat(64),
  container_name: 'e1',
  networks: { enet: { interface_name: 'eth0', static_ips: ['10.199.8.5'] } },
  network_info: {
    enet: {
      name: 'enet',
      id: 'b'.repeat(64),
      driver: 'bridge',
      network_interface: 'wtest1',
      subnets: [{ subnet: '10.199.8.0/24', gateway: '10.199.8.1' }],
      ipv6_enabled: false,
      internal: false,
      dns_enabled: false,
    },
  },
};

let box: Sandbox;
let before: HostSnapshot;
beforeEach(async () => {
  before = await hostSnapshot();
  box = await Sandbox.open();
});
afterEach(async () => {
  await box.close();
  assert.deepEqual(await hostSnapshot(), before, 'the real host is unchanged');
});

function driver(extra: Partial<NetavarkDriver['runner']['config']>): NetavarkDriver {
  return new NetavarkDriver({ ...box.driver.runner.config, ...extra });
}

function isCode(code: NetavarkError['code'], text?: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof NetavarkError, String(e));
    assert.equal(e.code, code, e.message);
    if (text) assert.match(e.message, text);
    return true;
  };
}

test("netavark's error answer becomes a FAILED NetavarkError with its message and exit code", { timeout: 30_000 }, async () => {
  const err = await box.driver.setup(join(box.dir, 'no-such-netns'), OPTS).catch((e: unknown) => e);
  assert.ok(isCode('FAILED', /invalid namespace path/)(err));
  assert.equal((err as NetavarkError).exitCode, 1);
});

test('tearing down what is not there lists each of netavark\'s errors', { timeout: 30_000 }, async () => {
  const c1 = await box.container('c1');
  const err = await box.driver.teardown(c1, OPTS).catch((e: unknown) => e);
  assert.ok(isCode('FAILED')(err));
  assert.ok((err as NetavarkError).errors.some((m) => /eth0/.test(m)), (err as NetavarkError).errors.join('\n'));
});

test('a call past its time limit is killed and fails with TIMEOUT', { timeout: 30_000 }, async () => {
  const c1 = await box.container('c1');
  await assert.rejects(driver({ timeoutMs: 1 }).setup(c1, OPTS), isCode('TIMEOUT'));
});

test('an abort signal kills the call, or stops it before it starts', { timeout: 30_000 }, async () => {
  const c1 = await box.container('c1');
  await assert.rejects(box.driver.setup(c1, OPTS, { signal: AbortSignal.abort() }), isCode('ABORTED', /before it started/));
  const ac = new AbortController();
  const call = box.driver.setup(c1, OPTS, { signal: ac.signal });
  setImmediate(() => ac.abort());
  await assert.rejects(call, isCode('ABORTED'));
});

test('a missing binary fails with SPAWN; so does a missing aardvark-dns on a network with DNS', { timeout: 30_000 }, async () => {
  const c1 = await box.container('c1');
  await assert.rejects(driver({ hostNetns: undefined, binary: join(box.dir, 'no-netavark') }).setup(c1, OPTS), isCode('SPAWN'));
  // netavark 1.4 itself logs the missing aardvark-dns and reports success.
  const dns = { ...OPTS, network_info: { enet: { ...OPTS.network_info.enet!, dns_enabled: true } } };
  await assert.rejects(driver({ aardvarkBinary: join(box.dir, 'no-aardvark') }).setup(c1, dns), isCode('SPAWN', /aardvark-dns/));
  assert.doesNotMatch(await box.exec(c1, ['ip', '-o', 'link']), /eth0/);
});

test('networks and network_info naming different networks are refused before netavark runs', async () => {
  const c1 = await box.container('c1');
  const bad = { ...OPTS, networks: { other: OPTS.networks.enet! } };
  await assert.rejects(box.driver.setup(c1, bad), isCode('INVALID', /other, enet/));
});

test('port mappings netavark 1.4 cannot write rules for are refused before it runs', async () => {
  const c1 = await box.container('c1');
  const pm = { host_ip: '', container_port: 80, host_port: 8080, range: 1, protocol: 'tcp' as const };
  // netavark 1.4 passes "tcp,udp" to iptables as one protocol and fails half-way.
  const combined = { ...pm, protocol: 'tcp,udp' as unknown as 'tcp' };
  await assert.rejects(box.driver.setup(c1, { ...OPTS, port_mappings: [combined] }), isCode('INVALID', /protocol must be/));
  await assert.rejects(box.driver.setup(c1, { ...OPTS, port_mappings: [{ ...pm, host_port: 65535, range: 2 }] }), isCode('INVALID', /range 2/));
  await assert.rejects(box.driver.setup(c1, { ...OPTS, port_mappings: [{ ...pm, container_port: 0 }] }), isCode('INVALID'));
  await assert.rejects(box.driver.setup(c1, { ...OPTS, port_mappings: [{ ...pm, host_ip: '300.1.1.1' }] }), isCode('INVALID', /host_ip/));
  assert.equal(await box.exec(c1, ['ip', '-o', 'link']).then((l) => l.includes('eth0')), false, 'nothing made');
});

test('a setup that fails half-way is torn down again: no veth, bridge or network rules are left', { timeout: 30_000 }, async () => {
  const c1 = await box.container('c1');
  // An address outside the subnet: netavark 1.4 makes the bridge and the veth, then fails on the default route.
  const outside = { ...OPTS, networks: { enet: { interface_name: 'eth0', static_ips: ['10.55.0.5'] } } };
  await assert.rejects(box.driver.setup(c1, outside), isCode('FAILED', /default route/));
  assert.doesNotMatch(await box.exec(c1, ['ip', '-o', 'link']), /eth0/);
  assert.doesNotMatch(await box.exec(box.hostNs, ['ip', '-o', 'link']), /wtest1|veth/);
  assert.doesNotMatch(await box.exec(box.hostNs, ['iptables-save']), /10\.199\.8\./);
});
