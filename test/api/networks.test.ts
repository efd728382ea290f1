/**
 * `/networks` through a real wharfd, with the answers of the reference Docker 20.10 (recorded with
 * curl against it) as expectations: the predefined networks, create's checks and statuses, lookup
 * by ID, name and prefix, filters, remove and prune, and events. The daemon's daemon.json sets
 * `bip`, `fixed-cidr` and `default-address-pools`, so subnets do not depend on the host's routes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestDaemon } from '../helpers/daemon.js';

const d = new TestDaemon(mkdtempSync('/tmp/wh-'));
const q = (filters: Record<string, string[]>) => encodeURIComponent(JSON.stringify(filters));
const CONFIG = { bip: '10.210.0.1/24', 'fixed-cidr': '10.210.0.128/25', 'default-address-pools': [{ base: '10.211.0.0/16', size: 24 }] };

before(async () => {
  const file = join(d.root, 'daemon.json');
  writeFileSync(file, JSON.stringify(CONFIG));
  await d.start(['--config-file', file]);
});
after(() => d.cleanup());

const KEYS = ['Name', 'Id', 'Created', 'Scope', 'Driver', 'EnableIPv4', 'EnableIPv6', 'IPAM', 'Internal', 'Attachable', 'Ingress', 'ConfigFrom', 'ConfigOnly', 'Containers', 'Options', 'Labels'];

async function create(body: unknown): Promise<string> {
  const r = await d.api('POST', '/v1.41/networks/create', body);
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(Object.keys(r.json()), ['Id', 'Warning']);
  assert.equal(r.json().Warning, '');
  return r.json().Id;
}

test('the predefined networks, as Docker lists them; bridge has daemon.json\'s bip and fixed-cidr', async () => {
  const r = await d.api('GET', '/v1.41/networks');
  assert.equal(r.status, 200);
  const nets = r.json() as Array<Record<string, any>>;
  assert.deepEqual(nets.map((n) => [n.Name, n.Driver, n.Scope]), [['bridge', 'bridge', 'local'], ['host', 'host', 'local'], ['none', 'null', 'local']]);
  const bridge = nets[0]!;
  assert.deepEqual(Object.keys(bridge), KEYS);
  assert.match(bridge.Id, /^[0-9a-f]{64}$/);
  assert.match(bridge.Created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.deepEqual(bridge.IPAM, { Driver: 'default', Options: null, Config: [{ Subnet: '10.210.0.0/24', IPRange: '10.210.0.128/25', Gateway: '10.210.0.1' }] });
  assert.equal(bridge.Options['com.docker.network.bridge.default_bridge'], 'true');
  const host = (await d.api('GET', '/v1.41/networks/host')).json();
  assert.deepEqual({ ...host, Id: '', Created: '' }, {
    Name: 'host', Id: '', Created: '', Scope: 'local', Driver: 'host', EnableIPv4: true, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [] }, Internal: false, Attachable: false, Ingress: false,
    ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: {},
  });
  assert.equal((await d.api('GET', '/v1.41/networks/none')).json().Driver, 'null');
});

test('create: defaults from the pools, every flag kept; inspect by ID, name and prefix', async () => {
  const id = await create({ Name: 'nt1', CheckDuplicate: true });
  const n = (await d.api('GET', `/v1.41/networks/${id}`)).json();
  assert.deepEqual(Object.keys(n), KEYS);
  assert.deepEqual({ ...n, Created: '' }, {
    Name: 'nt1', Id: id, Created: '', Scope: 'local', Driver: 'bridge', EnableIPv4: true, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: '10.211.0.0/24', Gateway: '10.211.0.1' }] }, Internal: false, Attachable: false,
    Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: {},
  });
  assert.deepEqual((await d.api('GET', '/v1.41/networks/nt1')).json(), n);
  assert.deepEqual((await d.api('GET', `/v1.41/networks/${id.slice(0, 5)}`)).json(), n);
  assert.deepEqual((await d.api('GET', '/v1.41/networks/nt1?scope=local&verbose=1')).json(), n);
  const sc = await d.api('GET', '/v1.41/networks/nt1?scope=global');
  assert.deepEqual([sc.status, sc.json()], [404, { message: 'network nt1 not found' }]);

  const full = await create({
    Name: 'nt2', Driver: 'bridge', Internal: true, Attachable: true, Options: { foo: 'bar' }, Labels: { a: 'b' },
    IPAM: { Driver: 'default', Config: [{ Subnet: '10.7.0.0/16', IPRange: '10.7.1.0/24', Gateway: '10.7.0.254' }] },
  });
  const f = (await d.api('GET', `/v1.41/networks/${full}`)).json();
  assert.deepEqual([f.Internal, f.Attachable, f.Options, f.Labels, f.IPAM], [true, true, { foo: 'bar' }, { a: 'b' },
    { Driver: 'default', Options: {}, Config: [{ Subnet: '10.7.0.0/16', IPRange: '10.7.1.0/24', Gateway: '10.7.0.254' }] }]);
  assert.equal(await create({ Name: 'nt3' }).then(async (i) => (await d.api('GET', `/networks/${i}`)).json().IPAM.Config[0].Subnet), '10.211.1.0/24');
  for (const name of ['nt1', 'nt2', 'nt3']) assert.equal((await d.api('DELETE', `/v1.41/networks/${name}`)).status, 204);
});

test('create refuses what Docker refuses, with its status and message, and keeps nothing', async () => {
  await create({ Name: 'taken', IPAM: { Config: [{ Subnet: '10.5.0.0/16' }] } });
  const cases: Array<[unknown, number, string]> = [
    [{ Name: 'taken', CheckDuplicate: true }, 409, 'network with name taken already exists'],
    [{ Name: 'taken' }, 409, 'network with name taken already exists'],
    [{ Name: 'bridge' }, 403, 'operation is not permitted on predefined bridge network '],
    [{ Name: 'host' }, 403, 'operation is not permitted on predefined host network '],
    [{ Name: 'o1', Driver: 'foo' }, 404, 'plugin "foo" not found'],
    [{ Name: 'o1', IPAM: { Driver: 'foo' } }, 404, 'plugin "foo" not found'],
    [{ Name: 'o1', Driver: 'overlay' }, 503, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'],
    [{ Name: 'o1', Driver: 'host' }, 403, 'only one instance of "host" network is allowed'],
    [{ Name: 'o1', Driver: 'null' }, 403, 'only one instance of "null" network is allowed'],
    [{ Name: 'o1', IPAM: { Config: [{ Subnet: '10.5.3.0/24' }] } }, 403, 'Pool overlaps with other one on this address space'],
    [{ Name: 'o1', IPAM: { Config: [{ Subnet: '10.210.0.0/16' }] } }, 403, 'Pool overlaps with other one on this address space'],
    [{ Name: 'o1', IPAM: { Config: [{ Subnet: '10.6.0.0/16' }, { Subnet: '10.6.1.0/24' }] } }, 403, 'Pool overlaps with other one on this address space'],
    [{ Name: 'o1', IPAM: { Config: [{ Subnet: '10.6.0.0/16', Gateway: '10.8.0.1' }] } }, 400, 'failed to allocate gateway (10.8.0.1): Requested address is out of range'],
    [{ Name: 'o1', IPAM: { Config: [{ Subnet: '10.6.0.0/16', Gateway: 'zz' }] } }, 400, 'invalid gateway address zz in Ipam configuration'],
    [{ Name: 'o1', IPAM: { Config: [{ Subnet: '10.6.0.0/33' }] } }, 400, 'Invalid subnet 10.6.0.0/33 : invalid CIDR address: 10.6.0.0/33'],
    [{ Name: 'o1', IPAM: { Config: [{ Gateway: '10.6.0.1' }] } }, 400, 'Invalid subnet  : invalid CIDR address: '],
    [{ Name: 'o1', EnableIPv6: true }, 501, 'IPv6 networks are not supported by Wharf yet'],
    [{ Name: 'o1', Driver: 'macvlan' }, 501, 'the macvlan network driver is not supported by Wharf yet'],
    [{}, 400, 'invalid name: '],
    [{ Name: 5 }, 400, 'json: cannot unmarshal number into Go struct field NetworkCreateRequest.Name of type string'],
  ];
  for (const [body, status, message] of cases) {
    const r = await d.api('POST', '/v1.41/networks/create', body);
    assert.deepEqual([r.status, r.json()], [status, { message }], JSON.stringify(body));
  }
  const empty = await d.api('POST', '/v1.41/networks/create', '');
  assert.deepEqual([empty.status, empty.json()], [400, { message: 'got EOF while reading request body' }]);
  const names = ((await d.api('GET', '/networks')).json() as Array<{ Name: string }>).map((n) => n.Name);
  assert.deepEqual(names, ['bridge', 'host', 'none', 'taken']);
  // The refused pools were not kept: the same subnet is free for the next create.
  const ok = await create({ Name: 'o1', IPAM: { Config: [{ Subnet: '10.6.0.0/16' }] } });
  assert.equal((await d.api('DELETE', `/networks/${ok}`)).status, 204);
  assert.equal((await d.api('DELETE', '/networks/taken')).status, 204);
});

test('remove: predefined networks are refused, missing ones are 404', async () => {
  for (const name of ['bridge', 'host', 'none']) {
    const r = await d.api('DELETE', `/v1.41/networks/${name}`);
    assert.deepEqual([r.status, r.json()], [403, { message: `${name} is a pre-defined network and cannot be removed` }]);
  }
  const bridgeId = (await d.api('GET', '/networks/bridge')).json().Id;
  assert.equal((await d.api('DELETE', `/networks/${bridgeId}`)).status, 403);
  for (const [m, p] of [['DELETE', '/v1.41/networks/nosuch'], ['GET', '/v1.41/networks/nosuch']] as const) {
    const r = await d.api(m, p);
    assert.deepEqual([r.status, r.json()], [404, { message: 'network nosuch not found' }]);
  }
});

test('list filters and their errors', async () => {
  await create({ Name: 'fa', Labels: { k: 'v' } });
  await create({ Name: 'fb' });
  const names = async (f: Record<string, string[]>) => ((await d.api('GET', `/networks?filters=${q(f)}`)).json() as Array<{ Name: string }>).map((n) => n.Name);
  assert.deepEqual(await names({ type: ['custom'] }), ['fa', 'fb']);
  assert.deepEqual(await names({ type: ['builtin'] }), ['bridge', 'host', 'none']);
  assert.deepEqual(await names({ driver: ['bridge'] }), ['bridge', 'fa', 'fb']);
  assert.deepEqual(await names({ driver: ['null'] }), ['none']);
  assert.deepEqual(await names({ name: ['f'] }), ['fa', 'fb']);
  assert.deepEqual(await names({ name: ['^fa$'] }), ['fa']);
  assert.deepEqual(await names({ label: ['k'] }), ['fa']);
  assert.deepEqual(await names({ label: ['k=w'] }), []);
  assert.deepEqual(await names({ scope: ['local'] }), ['bridge', 'fa', 'fb', 'host', 'none']);
  assert.deepEqual(await names({ scope: ['swarm'] }), []);
  assert.deepEqual(await names({ dangling: ['true'] }), ['fa', 'fb']);
  assert.deepEqual(await names({ dangling: ['0'] }), ['bridge', 'host', 'none']);
  const fa = (await d.api('GET', '/networks/fa')).json().Id as string;
  assert.deepEqual(await names({ id: [fa.slice(0, 10)] }), ['fa']);
  const bad: Array<[Record<string, string[]>, number, string]> = [
    [{ foo: ['a'] }, 400, "Invalid filter 'foo'"],
    [{ type: ['a'] }, 400, "invalid filter: 'type'='a'"],
    [{ dangling: ['a'] }, 400, 'invalid value for filter \'dangling\', must be "true" (or "1"), or "false" (or "0")'],
  ];
  for (const [f, status, message] of bad) {
    const r = await d.api('GET', `/networks?filters=${q(f)}`);
    assert.deepEqual([r.status, r.json()], [status, { message }], JSON.stringify(f));
  }
  for (const n of ['fa', 'fb']) await d.api('DELETE', `/networks/${n}`);
});

test('prune: user networks by label and until; predefined ones stay; events', async () => {
  const since = Math.floor(Date.now() / 1000);
  const idA = await create({ Name: 'pa', Labels: { keep: '1' } });
  await create({ Name: 'pb' });
  const bad = await d.api('POST', `/networks/prune?filters=${q({ foo: ['a'] })}`);
  assert.deepEqual([bad.status, bad.json()], [400, { message: "Invalid filter 'foo'" }]);
  const none = await d.api('POST', `/networks/prune?filters=${q({ until: ['2000-01-01T00:00:00Z'] })}`);
  assert.deepEqual([none.status, none.json()], [200, { NetworksDeleted: null }]);
  const r = await d.api('POST', `/networks/prune?filters=${q({ 'label!': ['keep'] })}`);
  assert.deepEqual([r.status, r.json()], [200, { NetworksDeleted: ['pb'] }]);
  assert.deepEqual((await d.api('POST', '/networks/prune')).json(), { NetworksDeleted: ['pa'] });
  assert.deepEqual(((await d.api('GET', '/networks')).json() as Array<{ Name: string }>).map((n) => n.Name), ['bridge', 'host', 'none']);
  const ev = await d.api('GET', `/events?since=${since}&until=${Math.floor(Date.now() / 1000) + 1}&filters=${q({ type: ['network'] })}`);
  const events = ev.body.trim().split('\n').map((l) => JSON.parse(l));
  const a = events.filter((e) => e.Actor.ID === idA).map((e) => [e.Type, e.Action, e.Actor.Attributes, e.scope]);
  assert.deepEqual(a, [['network', 'create', { name: 'pa', type: 'bridge' }, 'local'], ['network', 'destroy', { name: 'pa', type: 'bridge' }, 'local']]);
  assert.deepEqual(events.filter((e) => e.Action === 'prune').map((e) => e.Actor), Array(3).fill({ ID: '', Attributes: { reclaimed: '0' } }));
});

test('connect and disconnect: the network, then the container is looked up; a stopped container changes its config; events as dockerd\'s', async () => {
  const missing = await d.api('POST', '/networks/nosuch/connect', { Container: 'x' });
  assert.deepEqual([missing.status, missing.json()], [404, { message: 'network nosuch not found' }]);
  const noName = await d.api('POST', '/networks/bridge/connect', {});
  assert.deepEqual([noName.status, noName.json()], [400, { message: 'invalid name or ID supplied: ""' }]);
  for (const op of ['connect', 'disconnect']) {
    const r = await d.api('POST', `/networks/bridge/${op}`, { Container: 'x' });
    assert.deepEqual([r.status, r.json()], [404, { message: 'No such container: x' }]);
  }
  await d.importBusybox();
  const net = (await d.api('POST', '/networks/create', { Name: 'cx' })).json().Id as string;
  const { Id } = (await d.api('POST', '/v1.50/containers/create?name=cxc', { Image: 'busybox', Cmd: ['true'] })).json();
  const since = Math.floor(Date.now() / 1000) - 1;
  const c = await d.api('POST', '/networks/cx/connect', { Container: 'cxc', EndpointConfig: { Aliases: ['al'] } });
  assert.equal(c.status, 200, c.body);
  const eps = (await d.api('GET', `/v1.50/containers/${Id}/json`)).json().NetworkSettings.Networks;
  assert.deepEqual(Object.keys(eps), ['bridge', 'cx']);
  assert.deepEqual([eps.cx.Aliases, eps.cx.NetworkID, eps.cx.IPAddress], [['al'], net, '']);
  const again = await d.api('POST', '/networks/cx/connect', { Container: 'cxc' });
  assert.deepEqual([again.status, again.json().message], [403, 'endpoint with name cxc already exists in network cx']);
  assert.equal((await d.api('POST', '/networks/cx/disconnect', { Container: 'cxc' })).status, 200);
  // Statuses as the reference answers them.
  const host = await d.api('POST', '/networks/host/connect', { Container: 'cxc' });
  assert.deepEqual([host.status, host.json().message], [400, 'container cannot be disconnected from host network or connected to host network']);
  const notOn = await d.api('POST', '/networks/cx/disconnect', { Container: 'cxc' });
  assert.deepEqual([notOn.status, notOn.json().message], [500, `container ${Id} is not connected to network cx`]);
  assert.deepEqual(Object.keys((await d.api('GET', `/v1.50/containers/${Id}/json`)).json().NetworkSettings.Networks), ['bridge']);
  const events = (await d.api('GET', `/events?since=${since}&until=${Math.ceil(Date.now() / 1000) + 1}&filters=${encodeURIComponent(JSON.stringify({ type: ['network'] }))}`)).body
    .split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.Actor.ID === net && e.Action !== 'create');
  assert.deepEqual(events.map((e) => [e.Action, e.Actor.Attributes]), [['connect', { container: Id, name: 'cx', type: 'bridge' }], ['disconnect', { container: Id, name: 'cx', type: 'bridge' }]]);
  await d.api('DELETE', `/v1.50/containers/${Id}`);
  await d.api('DELETE', '/networks/cx');
});
