/**
 * The real docker CLI 28 against wharfd: `docker network create|ls|inspect|rm|prune` and
 * `docker system prune -f`, with the reference Docker 20.10's outputs, messages and exit codes
 * (recorded with the same CLI) as expectations. Then durability: networks, their IDs and subnets,
 * and the addresses of running containers survive a SIGKILL of wharfd.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestDaemon } from '../helpers/daemon.js';
import { Ipam } from '../../src/network/ipam.js';
import { DEFAULT_POOLS } from '../../src/network/pools.js';

const d = new TestDaemon(mkdtempSync('/tmp/wh-'));
before(() => d.start());
after(() => d.cleanup());

const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });
const fail = (stderr: string) => ({ code: 1, stdout: '', stderr });

test('create, ls, inspect and rm as the reference answers them', async () => {
  const created = await d.docker(['network', 'create', '--label', 'a=b', '-o', 'foo=bar', '--internal', '--attachable',
    '--subnet', '10.57.0.0/16', '--gateway', '10.57.0.254', '--ip-range', '10.57.1.0/24', 'cn1']);
  assert.equal(created.code, 0, created.stderr);
  const id = created.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.deepEqual(await d.docker(['network', 'create', 'cn1']), fail('Error response from daemon: network with name cn1 already exists\n'));
  assert.deepEqual(await d.docker(['network', 'ls', '-f', 'name=cn1']), ok(`NETWORK ID     NAME      DRIVER    SCOPE\n${id.slice(0, 12)}   cn1       bridge    local\n`));
  assert.deepEqual(await d.docker(['network', 'ls', '-q', '--no-trunc', '-f', 'label=a=b']), ok(`${id}\n`));
  assert.deepEqual(await d.docker(['network', 'ls', '--format', '{{.Name}} {{.Driver}}', '-f', 'type=builtin']), ok('bridge bridge\nhost host\nnone null\n'));
  assert.deepEqual(await d.docker(['network', 'inspect', '-f', '{{.Internal}} {{.Attachable}} {{.Options}} {{.Labels}} {{json .IPAM.Config}}', 'cn1']),
    ok('true true map[foo:bar] map[a:b] [{"Subnet":"10.57.0.0/16","IPRange":"10.57.1.0/24","Gateway":"10.57.0.254"}]\n'));
  const [inspected] = JSON.parse((await d.docker(['network', 'inspect', id.slice(0, 6)])).stdout);
  assert.equal(inspected.Name, 'cn1');
  assert.deepEqual(inspected.Containers, {});
  assert.deepEqual(await d.docker(['network', 'create', '--subnet', '10.57.3.0/24', 'cn2']), fail('Error response from daemon: Pool overlaps with other one on this address space\n'));
  assert.deepEqual(await d.docker(['network', 'create', '--subnet', '10.58.0.0/16', '--gateway', '10.59.0.1', 'cn2']), fail('no matching subnet for gateway 10.59.0.1\n'));
  assert.deepEqual(await d.docker(['network', 'create', '-d', 'foo', 'cn2']), fail('Error response from daemon: plugin "foo" not found\n'));
  assert.deepEqual(await d.docker(['network', 'rm', 'bridge']), fail('Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n'));
  assert.deepEqual(await d.docker(['network', 'rm', 'nosuch']), fail('Error response from daemon: network nosuch not found\nexit status 1\n'));
  assert.deepEqual(await d.docker(['network', 'inspect', 'nosuch']), { code: 1, stdout: '[]\n', stderr: 'Error response from daemon: network nosuch not found\n' });
  assert.deepEqual(await d.docker(['network', 'rm', 'cn1']), ok('cn1\n'));
});

test('network prune and system prune -f remove user networks', async () => {
  assert.equal((await d.docker(['network', 'create', 'pn1'])).code, 0);
  assert.equal((await d.docker(['network', 'create', '--label', 'keep', 'pn2'])).code, 0);
  assert.deepEqual(await d.docker(['network', 'prune', '-f', '--filter', 'label!=keep']), ok('Deleted Networks:\npn1\n\n'));
  assert.deepEqual(await d.docker(['system', 'prune', '-f']), ok('Deleted Networks:\npn2\n\nTotal reclaimed space: 0B\n'));
  assert.deepEqual(await d.docker(['system', 'prune', '-f']), ok('Total reclaimed space: 0B\n'));
  assert.deepEqual(await d.docker(['network', 'ls', '-q', '-f', 'type=custom']), ok(''));
});

test('networks and address allocations survive a SIGKILL of wharfd', async () => {
  await d.importBusybox();
  const id = (await d.docker(['network', 'create', '--subnet', '10.61.0.0/24', 'dn1'])).stdout.trim();
  const ipOf = async (c: string) => (await d.docker(['inspect', '-f', '{{.NetworkSettings.Networks.dn1.IPAddress}}', c])).stdout.trim();
  for (const c of ['dc1', 'dc2']) assert.equal((await d.docker(['run', '-d', '--name', c, '--network', 'dn1', 'busybox', 'sleep', '300'])).code, 0);
  const taken = [await ipOf('dc1'), await ipOf('dc2')];
  assert.deepEqual(taken, ['10.61.0.2', '10.61.0.3']);
  const before = JSON.parse((await d.docker(['network', 'inspect', 'bridge', 'dn1'])).stdout);
  await d.stop('SIGKILL');
  const ipam = new Ipam(join(d.dataRoot, 'networks', 'ipam'), { pools: DEFAULT_POOLS, routes: () => [] });
  await ipam.init();
  assert.deepEqual(ipam.allocated(id), taken, 'the allocations are on disk');
  await d.start();
  assert.deepEqual(JSON.parse((await d.docker(['network', 'inspect', 'bridge', 'dn1'])).stdout), before, 'the networks, and their running containers, as before');
  assert.deepEqual([await ipOf('dc1'), await ipOf('dc2')], taken);
  assert.equal((await d.docker(['run', '-d', '--name', 'dc3', '--network', 'dn1', 'busybox', 'sleep', '300'])).code, 0);
  assert.equal(await ipOf('dc3'), '10.61.0.4', 'no address is handed out twice');
  assert.equal((await d.docker(['rm', '-f', 'dc1', 'dc2', 'dc3'])).code, 0);
  assert.deepEqual(await d.docker(['network', 'rm', 'dn1']), ok('dn1\n'));
  assert.deepEqual(readdirSync(join(d.dataRoot, 'networks', 'ipam')).length, 1, 'only the bridge\'s pools are left');
});
