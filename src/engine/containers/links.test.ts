import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkEnv, linkHostsEntry, resolveLinks } from './links.js';
import type { ContainerRecord } from './record.js';

const target = {
  Id: '4d60d0176d61cbdafd70ce7c31797518cb2b683d93f9bec973fa3b33c430448c', Name: '/nv-web',
  Config: { Image: 'nv-exposed', ExposedPorts: { '80/tcp': {}, '53/udp': {} }, Env: ['HELLO=world', 'PATH=/bin', 'FOO=bar'] },
  NetworkSettings: { Networks: { bridge: { IPAddress: '172.30.255.9' } } },
} as unknown as ContainerRecord;
const me = { HostConfig: { Links: ['/nv-web:/nv-l/web'] } } as unknown as ContainerRecord;

// The reference Docker 20.10's `docker exec nv-l env` and /etc/hosts for `--link nv-web:web`.
test('a link gives Docker\'s variables (HOME and PATH left out) and its hosts line', () => {
  const [l] = resolveLinks(me, (n) => (n === 'nv-web' ? target : undefined));
  assert.deepEqual(linkEnv(l!), [
    'WEB_PORT=udp://172.30.255.9:53',
    'WEB_PORT_53_UDP=udp://172.30.255.9:53', 'WEB_PORT_53_UDP_ADDR=172.30.255.9', 'WEB_PORT_53_UDP_PORT=53', 'WEB_PORT_53_UDP_PROTO=udp',
    'WEB_PORT_80_TCP=tcp://172.30.255.9:80', 'WEB_PORT_80_TCP_ADDR=172.30.255.9', 'WEB_PORT_80_TCP_PORT=80', 'WEB_PORT_80_TCP_PROTO=tcp',
    'WEB_NAME=/nv-l/web', 'WEB_ENV_HELLO=world', 'WEB_ENV_FOO=bar',
  ]);
  assert.deepEqual(linkHostsEntry(l!), { ip: '172.30.255.9', names: ['web', '4d60d0176d61', 'nv-web'] });
});

test('a target that is gone or has no address on the bridge gives nothing', () => {
  assert.deepEqual(resolveLinks(me, () => undefined), []);
  assert.deepEqual(resolveLinks(me, () => ({ ...target, NetworkSettings: { Networks: {}, SandboxKey: '', Ports: {} } }) as ContainerRecord), []);
});
