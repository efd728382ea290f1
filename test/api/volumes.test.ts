/**
 * `/volumes` through a real wharfd: statuses, bodies and messages as the reference Docker 20.10
 * answers them (recorded with curl against it), and Engine API 1.50's prune semantics, with the
 * pre-1.42 behaviour for older clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();
const q = (filters: Record<string, string[]>) => encodeURIComponent(JSON.stringify(filters));
const invalidName = (n: string) => `create ${n}: ${JSON.stringify(n)} includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;

test('create: 201 with Docker\'s Volume; an existing name answers 201 with the existing volume', async () => {
  const r = await d.api('POST', '/v1.41/volumes/create', { Name: 'vt1', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
  assert.equal(r.status, 201);
  const v = r.json();
  assert.deepEqual(Object.keys(v), ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
  assert.deepEqual({ ...v, CreatedAt: '' }, {
    CreatedAt: '', Driver: 'local', Labels: null, Mountpoint: join(d.dataRoot, 'volumes', 'vt1', '_data'), Name: 'vt1',
    Options: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, Scope: 'local',
  });
  assert.ok(statSync(v.Mountpoint).isDirectory());
  const again = await d.api('POST', '/v1.41/volumes/create', { Name: 'vt1', Labels: { a: 'b' } });
  assert.deepEqual([again.status, again.json()], [201, v]);
  assert.deepEqual([(await d.api('GET', '/volumes/vt1')).status, (await d.api('GET', '/volumes/vt1')).json()], [200, v]);
  assert.equal((await d.api('DELETE', '/volumes/vt1')).status, 204);
});

test('create refuses bad names, options, drivers and bodies with Docker\'s status and message', async () => {
  const cases: Array<[unknown, number, string]> = [
    [{ Name: 'x/y' }, 400, invalidName('x/y')],
    [{ Name: '..' }, 400, invalidName('..')],
    [{ Name: '.a' }, 400, invalidName('.a')],
    [{ Name: 'a' }, 400, 'create a: volume name is too short, names should be at least two alphanumeric characters'],
    [{ Name: 'vt1', DriverOpts: { foo: 'bar' } }, 400, 'create vt1: invalid option: "foo"'],
    [{ Name: 'vt3', DriverOpts: { o: 'size=1m' } }, 400, 'create vt3: missing required option: "device"'],
    [{ Name: 'vt4', DriverOpts: { device: '/tmp' } }, 400, 'create vt4: missing required option: "type"'],
    [{ Name: 'vt5', DriverOpts: { type: 'none', device: '/tmp', o: 'bind', size: '3' } }, 400, 'create vt5: quota size requested but no quota support'],
    [{ Name: 'vt2', Driver: 'nope' }, 404, 'create vt2: error looking up volume plugin nope: plugin "nope" not found'],
    [{ Name: 5 }, 400, 'json: cannot unmarshal number into Go struct field VolumeCreateBody.Name of type string'],
    [{ Labels: [1] }, 400, 'json: cannot unmarshal array into Go struct field VolumeCreateBody.Labels of type map[string]string'],
    [{ Name: 'vtq', DriverOpts: { type: 5 } }, 400, 'json: cannot unmarshal number into Go struct field VolumeCreateBody.DriverOpts of type string'],
  ];
  for (const [body, status, message] of cases) {
    const r = await d.api('POST', '/v1.41/volumes/create', body);
    assert.deepEqual([r.status, r.json()], [status, { message }], JSON.stringify(body));
  }
  const empty = await d.api('POST', '/v1.41/volumes/create', '');
  assert.deepEqual([empty.status, empty.json()], [400, { message: 'got EOF while reading request body' }]);
  const form = await d.api('POST', '/v1.41/volumes/create', '{"Name":"vtq"}', { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.deepEqual([form.status, form.json()], [400, { message: "Content-Type specified (application/x-www-form-urlencoded) must be 'application/json'" }]);
  assert.deepEqual((await d.api('GET', '/volumes')).json(), { Volumes: [], Warnings: null });
});

test('a create without a name makes an anonymous volume', async () => {
  const r = await d.api('POST', '/v1.50/volumes/create', {});
  assert.equal(r.status, 201);
  const v = r.json();
  assert.match(v.Name, /^[0-9a-f]{64}$/);
  assert.deepEqual(v.Labels, { 'com.docker.volume.anonymous': '' });
  assert.equal((await d.api('DELETE', `/volumes/${v.Name}`)).status, 204);
});

test('inspect and remove of a missing volume; remove with force', async () => {
  assert.deepEqual([(await d.api('GET', '/v1.41/volumes/nope')).status, (await d.api('GET', '/v1.41/volumes/nope')).json()], [404, { message: 'get nope: no such volume' }]);
  const rm = await d.api('DELETE', '/v1.41/volumes/nope');
  assert.deepEqual([rm.status, rm.json()], [404, { message: 'get nope: no such volume' }]);
  assert.equal((await d.api('DELETE', '/v1.41/volumes/nope?force=1')).status, 204);
});

test('list filters and their errors', async () => {
  for (const [n, labels] of [['vt1', { k: 'v' }], ['vt2', null], ['other', null]] as const) {
    assert.equal((await d.api('POST', '/volumes/create', { Name: n, Labels: labels })).status, 201);
  }
  const names = async (f: Record<string, string[]>) => ((await d.api('GET', `/volumes?filters=${q(f)}`)).json().Volumes as Array<{ Name: string }>).map((v) => v.Name);
  assert.deepEqual(await names({}), ['other', 'vt1', 'vt2']);
  assert.deepEqual(await names({ name: ['t1$'] }), ['vt1']);
  assert.deepEqual(await names({ driver: ['loc'] }), []);
  assert.deepEqual(await names({ label: ['k=v'] }), ['vt1']);
  assert.deepEqual(await names({ dangling: ['true'] }), ['other', 'vt1', 'vt2']);
  assert.deepEqual(await names({ dangling: ['false'] }), []);
  for (const [f, message] of [[{ bogus: ['zz'] }, "Invalid filter 'bogus'"], [{ dangling: ['maybe'] }, "Invalid filter 'dangling=[maybe]'"], [{ 'label!': ['zz'] }, "Invalid filter 'label!'"]] as Array<[Record<string, string[]>, string]>) {
    const r = await d.api('GET', `/v1.41/volumes?filters=${q(f)}`);
    assert.deepEqual([r.status, r.json()], [400, { message }]);
  }
  for (const n of ['vt1', 'vt2', 'other']) assert.equal((await d.api('DELETE', `/volumes/${n}`)).status, 204);
});

test('prune: anonymous only from API 1.42, every unused one before it or with all=true; label filters', async () => {
  const anon = (await d.api('POST', '/volumes/create', {})).json().Name as string;
  for (const n of ['keep1', 'drop1']) await d.api('POST', '/volumes/create', { Name: n, Labels: n === 'keep1' ? { keep: '' } : null });
  const r = await d.api('POST', '/v1.50/volumes/prune');
  assert.deepEqual([r.status, r.json()], [200, { VolumesDeleted: [anon], SpaceReclaimed: 0 }]);
  const none = await d.api('POST', `/v1.41/volumes/prune?filters=${q({ label: ['zz'] })}`);
  assert.deepEqual([none.status, none.json()], [200, { VolumesDeleted: [], SpaceReclaimed: 0 }]);
  const bogus = await d.api('POST', `/v1.41/volumes/prune?filters=${q({ bogus: ['zz'] })}`);
  assert.deepEqual([bogus.status, bogus.json()], [400, { message: "Invalid filter 'bogus'" }]);
  const old = await d.api('POST', `/v1.41/volumes/prune?filters=${q({ 'label!': ['keep'] })}`);
  assert.deepEqual(old.json(), { VolumesDeleted: ['drop1'], SpaceReclaimed: 0 });
  const all = await d.api('POST', `/v1.50/volumes/prune?filters=${q({ all: ['true'] })}`);
  assert.deepEqual(all.json(), { VolumesDeleted: ['keep1'], SpaceReclaimed: 0 });
});

test('system df lists local volumes with UsageData; volumes with driver options are left out, as Docker does', async () => {
  await d.api('POST', '/volumes/create', { Name: 'dfv' });
  await d.api('POST', '/volumes/create', { Name: 'dft', DriverOpts: { type: 'tmpfs', device: 'tmpfs' } });
  const df = (await d.api('GET', '/system/df')).json();
  assert.deepEqual(df.Volumes.map((v: { Name: string; UsageData: unknown }) => [v.Name, v.UsageData]), [['dfv', { Size: 0, RefCount: 0 }]]);
  assert.equal((await d.api('GET', '/volumes')).json().Volumes.every((v: object) => !('UsageData' in v)), true);
  assert.equal((await d.api('GET', '/system/df?type=image')).json().Volumes, null);
  for (const n of ['dfv', 'dft']) await d.api('DELETE', `/volumes/${n}`);
});

test('volume events: create and destroy with the driver attribute, prune with reclaimed', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  await d.api('POST', '/volumes/create', { Name: 'evv' });
  await d.api('DELETE', '/volumes/evv');
  await d.api('POST', '/volumes/prune');
  const until = Math.floor(Date.now() / 1000) + 1;
  const r = await d.api('GET', `/events?since=${since}&until=${until}&filters=${q({ type: ['volume'] })}`);
  const all = r.body.trim().split('\n').map((l) => JSON.parse(l));
  const events = all.slice(all.findIndex((e) => e.Actor.ID === 'evv')); // `since` has whole seconds: earlier tests' events come first
  assert.deepEqual(events.map((e) => [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes]), [
    ['volume', 'create', 'evv', { driver: 'local' }],
    ['volume', 'destroy', 'evv', { driver: 'local' }],
    ['volume', 'prune', '', { reclaimed: '0' }],
  ]);
  const byName = await d.api('GET', `/events?since=${since}&until=${until}&filters=${q({ volume: ['evv'] })}`);
  assert.equal(byName.body.trim().split('\n').length, 2);
});

test('cluster volumes are swarm\'s: 503 outside a swarm, as moby answers from API 1.42', async () => {
  const c = await d.api('POST', '/v1.50/volumes/create', { Name: 'cl1', ClusterVolumeSpec: { Group: 'g' } });
  assert.deepEqual([c.status, c.json()], [503, { message: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' }]);
  const old = await d.api('POST', '/v1.41/volumes/create', { Name: 'cl1', ClusterVolumeSpec: { Group: 'g' } });
  assert.equal(old.status, 201, 'before 1.42 the field is not known, as in moby');
  const put = await d.api('PUT', '/v1.50/volumes/cl1?version=1', { Spec: {} });
  assert.deepEqual([put.status, put.json()], [503, { message: 'volume update only valid for cluster volumes, but swarm is unavailable' }]);
  assert.equal((await d.api('DELETE', '/volumes/cl1')).status, 204);
});
