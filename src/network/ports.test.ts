import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { checkPortBindings, InvalidPortSpecError, planPorts, PortAllocationError, PortReserver, summaryPorts } from './ports.js';

const ep = { name: 'web2', id: 'e'.repeat(64) };

test('planPorts: only exposed ports are published; -P gives the unbound ones a random port; keys normalised', () => {
  const plan = planPorts({ '80/tcp': {}, '53/udp': {}, '90/tcp': {} }, { '80': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '91/tcp': [{ HostPort: '9' }] }, false);
  assert.deepEqual(plan.requests, [{ key: '80/tcp', containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080, hostPortEnd: 8080 }]);
  assert.deepEqual(plan.unpublished, ['53/udp', '90/tcp']);
  const all = planPorts({ '80/tcp': {} }, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8000-8010' }] }, true);
  assert.deepEqual(all.requests[0], { key: '80/tcp', containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8000, hostPortEnd: 8010 });
  assert.deepEqual(planPorts({ '81/tcp': {} }, {}, true).requests[0]?.hostPort, 0);
});

test('checkPortBindings: Docker\'s "invalid port specification" for bad host ports and keys', () => {
  for (const bad of ['99999', 'abc', '-1', '8000-7000', ' 80']) {
    assert.throws(() => checkPortBindings({ '80/tcp': [{ HostPort: bad }] }), (e: Error) => e instanceof InvalidPortSpecError && e.message === `invalid port specification: "${bad}"`);
  }
  assert.throws(() => checkPortBindings({ '80-81/tcp': [] }), /invalid port specification: "80-81"/);
  for (const good of ['', '0', '8000-8010', '18100/udp']) checkPortBindings({ '80/TCP': [{ HostPort: good }] });
});

test('reserve: a port held by a process is the userland-proxy error; by a container, "port is already allocated"; all or nothing', async () => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  const held = (holder.address() as { port: number }).port;
  const ports = new PortReserver();
  try {
    const plan = planPorts({ '80/tcp': {} }, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(held) }] }, false);
    await assert.rejects(ports.reserve('a', plan, ep), (e: Error) => e instanceof PortAllocationError
      && e.message === `driver failed programming external connectivity on endpoint web2 (${ep.id}): Error starting userland proxy: listen tcp4 127.0.0.1:${held}: bind: address already in use`);
    const first = await ports.reserve('a', planPorts({ '80/tcp': {}, '81/udp': {} }, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }], '81/udp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, false), ep);
    const p80 = Number(first.ports['80/tcp']![0]!.HostPort);
    assert.deepEqual(first.mappings.map((m) => m.protocol), ['tcp', 'udp']);
    // The second asks for a free port and a taken one: it gets neither.
    const free = p80 + 1000;
    const both = planPorts({ '1/tcp': {}, '2/tcp': {} }, { '1/tcp': [{ HostIp: '127.0.0.1', HostPort: String(free) }], '2/tcp': [{ HostIp: '127.0.0.1', HostPort: String(p80) }] }, false);
    await assert.rejects(ports.reserve('b', both, ep), new RegExp(`Bind for 127\\.0\\.0\\.1:${p80} failed: port is already allocated`));
    const again = await ports.reserve('c', planPorts({ '1/tcp': {} }, { '1/tcp': [{ HostIp: '127.0.0.1', HostPort: String(free) }] }, false), ep);
    assert.equal(again.ports['1/tcp']![0]!.HostPort, String(free), 'the failed reserve released its first port');
    ports.release('a');
    const reuse = await ports.reserve('d', planPorts({ '1/tcp': {} }, { '1/tcp': [{ HostIp: '127.0.0.1', HostPort: String(p80) }] }, false), ep);
    assert.equal(reuse.ports['1/tcp']![0]!.HostPort, String(p80), 'released ports are free again');
    // A range skips what is taken.
    const ranged = await ports.reserve('e', planPorts({ '1/tcp': {} }, { '1/tcp': [{ HostIp: '127.0.0.1', HostPort: `${p80}-${p80 + 5}` }] }, false), ep);
    assert.notEqual(ranged.ports['1/tcp']![0]!.HostPort, String(p80));
  } finally {
    for (const id of ['a', 'b', 'c', 'd', 'e']) ports.release(id);
    holder.close();
  }
});

test('summaryPorts: a line per binding, exposed-only ports without a public port', () => {
  assert.deepEqual(summaryPorts({ '53/udp': null, '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }), [
    { PrivatePort: 53, Type: 'udp' }, { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
  ]);
});
