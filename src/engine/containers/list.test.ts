/**
 * The list filters on records made here (pure logic): what the integration suites cannot reach
 * yet — published ports, refused at create until their issue lands — and the fine
 * points of Docker's semantics (unique ID prefixes, image descendants, ports only while running).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Digest } from '../../oci/digest.js';
import type { ImageRecord } from '../../image/record.js';
import type { ImageResolver } from './deps.js';
import { listContainers } from './list.js';
import { parsePortFilter } from './list-resources.js';
import { newState, type ContainerRecord, type ContainerStatus, type HostConfig } from './record.js';
import type { ContainerStore } from './store.js';
import { planMounts, type MountRequest } from '../../volume/resolve.js';

const digest = (c: string): Digest => `sha256:${c.repeat(64)}` as Digest;
const image = (c: string, parent?: string): ImageRecord => ({
  id: digest(c), layers: [], repoDigests: [], size: 0, loaded: '', ...(parent ? { parent: digest(parent) } : {}),
});
const IMAGES = [image('a'), image('b', 'a'), image('c', 'b'), image('d')];
const images: ImageResolver = {
  resolveWithConfig: () => Promise.reject(new Error('unused')),
  byId: (id) => IMAGES.find((i) => i.id === id),
  find: (ref) => ({ base: IMAGES[0], child: IMAGES[1], other: IMAGES[3] } as Record<string, ImageRecord | undefined>)[ref],
  layerDirs: () => [],
};

let n = 0;
function rec(name: string, o: { status?: ContainerStatus; image?: string; host?: HostConfig; exposed?: string[]; volumes?: string[] } = {}): ContainerRecord {
  n++;
  const state = { ...newState(), Status: o.status ?? 'running' };
  return {
    Id: `${String(n).padStart(2, '0')}${'f'.repeat(62)}`, Name: `/${name}`, Created: new Date(1_700_000_000_000 + n * 1000).toISOString(),
    Path: 'sh', Args: [], Image: digest(o.image ?? 'a'), State: state, RestartCount: 0, LogPath: '',
    Config: {
      Image: 'x', ...(o.exposed ? { ExposedPorts: Object.fromEntries(o.exposed.map((p) => [p, {}])) } : {}),
      ...(o.volumes ? { Volumes: Object.fromEntries(o.volumes.map((v) => [v, {}])) } : {}),
    },
    HostConfig: { NetworkMode: 'default', ...o.host },
    MountPoints: mountPointsOf({ ...(o.host as MountRequest | undefined), Volumes: Object.fromEntries((o.volumes ?? []).map((v) => [v, {}])) }),
  };
}

/** The mount points a create would record, each volume under /vols (as a provider would place it). */
function mountPointsOf(req: MountRequest) {
  return planMounts(req, { container: () => undefined }).map((m, i) => {
    const name = m.Name || `anon${i}`;
    return m.Type === 'volume' ? { ...m, Name: name, Source: `/vols/${name}/_data` } : m;
  });
}

const list = (recs: ContainerRecord[], filters: Record<string, string[]>): string[] => {
  const store = { list: () => [...recs] } as unknown as ContainerStore;
  return listContainers({ store, images }, { all: true, filters: new Map(Object.entries(filters)) }).map((r) => r.Name.slice(1));
};

test('volume: by destination, by volume name, by host path; binds, --mount and anonymous volumes', () => {
  const recs = [
    rec('bind', { host: { Binds: ['/srv/data:/data:ro'] } }),
    rec('named', { host: { Binds: ['cache:/var/cache'] } }),
    rec('mount', { host: { Mounts: [{ Type: 'volume', Source: 'vol1', Target: '/m' }, { Type: 'bind', Source: '/tmp', Target: '/h' }] } }),
    rec('anon', { volumes: ['/anon'] }),
    rec('none'),
  ];
  assert.deepEqual(list(recs, { volume: ['/data'] }), ['bind']);
  assert.deepEqual(list(recs, { volume: ['/srv/data'] }), ['bind']);
  assert.deepEqual(list(recs, { volume: ['cache'] }), ['named']);
  assert.deepEqual(list(recs, { volume: ['vol1', '/h'] }), ['mount']);
  assert.deepEqual(list(recs, { volume: ['/tmp'] }), ['mount']);
  assert.deepEqual(list(recs, { volume: ['/anon'] }), ['anon']);
  assert.deepEqual(list(recs, { volume: ['/nothing'] }), []);
});

test('publish and expose: ports of running containers on a network, from ExposedPorts and PortBindings', () => {
  const bindings = { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostPort: '' }] };
  const recs = [
    rec('up', { host: { PortBindings: bindings }, exposed: ['443/tcp'] }),
    rec('created', { status: 'created', host: { PortBindings: bindings } }),
    rec('isolated', { host: { NetworkMode: 'none', PortBindings: bindings } }),
  ];
  assert.deepEqual(list(recs, { publish: ['8080'] }), ['up']);
  assert.deepEqual(list(recs, { publish: ['8080/udp'] }), []);
  assert.deepEqual(list(recs, { publish: ['80'] }), [], 'publish names the host port');
  assert.deepEqual(list(recs, { expose: ['80'] }), ['up']);
  assert.deepEqual(list(recs, { expose: ['53/udp'] }), ['up']);
  assert.deepEqual(list(recs, { expose: ['440-450'] }), ['up']);
});

test('parsePortFilter follows nat.SplitProtoPort and ParsePortRange', () => {
  assert.deepEqual(parsePortFilter('expose', '80'), ['80/tcp']);
  assert.deepEqual(parsePortFilter('expose', '80/'), ['80/tcp']);
  assert.deepEqual(parsePortFilter('expose', '7-9/udp'), ['7/udp', '8/udp', '9/udp']);
  assert.throws(() => parsePortFilter('publish', '1:2'), { code: 'INVALID_ARGUMENT', message: "filter for 'publish' should not contain ':': 1:2" });
  assert.throws(() => parsePortFilter('expose', '5-x'), { message: 'error while looking up for expose 5-x: strconv.ParseUint: parsing "x": invalid syntax' });
});

test('ancestor keeps the image and its descendants; network names the mode (default is bridge)', () => {
  const recs = [rec('base', { image: 'a' }), rec('child', { image: 'b' }), rec('grandchild', { image: 'c' }), rec('other', { image: 'd' }),
    rec('shared', { host: { NetworkMode: 'container:x' } }), rec('host', { host: { NetworkMode: 'host' } })];
  assert.deepEqual(list(recs, { ancestor: ['child'] }), ['grandchild', 'child']);
  assert.deepEqual(list(recs, { ancestor: ['base'] }), ['host', 'shared', 'grandchild', 'child', 'base']);
  assert.deepEqual(list(recs, { ancestor: ['nosuch'] }), []);
  assert.deepEqual(list(recs, { ancestor: ['nosuch', 'other'] }), ['other']);
  assert.deepEqual(list(recs, { network: ['bridge'] }), ['other', 'grandchild', 'child', 'base']);
  assert.deepEqual(list(recs, { network: ['host'] }), ['host']);
});

test('id needs a unique prefix; exited needs a started container; is-task keeps everything or nothing', () => {
  const a = rec('a', { status: 'exited' });
  const b = rec('b', { status: 'exited' });
  a.State.StartedAt = '2024-01-01T00:00:00Z';
  a.State.ExitCode = 2;
  b.State.ExitCode = 2; // never started: exit code without a run
  assert.deepEqual(list([a, b], { id: [a.Id.slice(0, 2)] }), ['a']);
  assert.deepEqual(list([a, b], { id: ['f'] }), []);
  assert.deepEqual(list([a, b], { exited: ['2'] }), ['a']);
  assert.deepEqual(list([a, b], { 'is-task': ['false'] }), ['b', 'a']);
  assert.deepEqual(list([a, b], { 'is-task': ['true'] }), []);
  assert.throws(() => list([a, b], { 'is-task': ['x', 'y'] }), { message: "invalid filter 'is-task=[x y]'" });
  assert.throws(() => list([a, b], { before: [a.Id.slice(0, 12)] }), { code: 'NOT_FOUND', message: `no such container ${a.Id.slice(0, 12)}` });
  assert.deepEqual(list([a, b], { since: [a.Id] }), ['b']);
});
