/**
 * Loading legacy (pre-1.10) `docker save` archives into a real wharfd. The expectations are what
 * Docker 20.10 (the reference daemon) answered for the same fixtures (src/image/legacy-fixture.ts):
 * image IDs, tags, the intermediate images and their parents, `image inspect`, the history API,
 * and the load output (no "Loaded image" lines; progress by v1 layer ID; moved-tag notices).
 * Hostile archives are refused with a message and leave the store exactly as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { busyboxTar } from '../helpers/busybox.js';
import { tarOf } from '../../src/archive/fixture-tar.js';
import { chainFixture, fallbackFixture, legacyArchive, v1Id, CHAIN, type V1LayerSpec } from '../../src/image/legacy-fixture.js';
import { MAX_V1_JSON } from '../../src/image/legacy-plan.js';

let d: TestDaemon;
let bb: string;
before(async () => {
  d = await startDaemon();
  bb = await d.importBusybox();
});
after(async () => { await d.cleanup(); });

/** Docker's image IDs for the fixtures. */
const ID = {
  base: 'sha256:07e72f1defa21b612f556011346f83d5925b2d5eeff86cda4758d2891d5dbd69',
  env: 'sha256:612829e5684a55c3ff2dbd6e9ab9adb722635195df50c2e6f48a376f0757a294',
  top: 'sha256:abad590370b845b651b668df5c49af8f7a3935cdf9893abbd68e17ccd74f3837',
  old: 'sha256:776f9f5eb85671d269fd763d04f1095343de77510e488db0b7a1fb208083090b',
};

async function load(body: Buffer, quiet = true): Promise<Array<Record<string, any>>> {
  const r = await d.api('POST', `/v1.41/images/load?quiet=${quiet ? 1 : 0}`, body, { 'Content-Type': 'application/x-tar' });
  assert.equal(r.status, 200);
  return r.body.split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l));
}

function file(name: string, data: Buffer): string {
  const path = join(d.root, name);
  writeFileSync(path, data);
  return path;
}

const listing = async (all = true) => (await d.docker(['images', ...(all ? ['-a'] : []), '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}'])).stdout.split('\n').filter(Boolean).sort();

test('docker load of a legacy archive: Docker\'s image IDs, tags and intermediate image; no output', async () => {
  const r = await d.docker(['load', '-i', file('chain.tar', chainFixture())]);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', ''], 'Docker prints nothing for a legacy load');
  assert.deepEqual((await listing()).filter((l) => !l.startsWith('busybox')), [
    `<none>:<none> ${ID.env} 33B`, `legacy/app:1.0 ${ID.top} 42B`, `legacy/app:latest ${ID.top} 42B`, `legacy/base:v1 ${ID.base} 33B`,
  ]);
  assert.ok(!(await listing(false)).some((l) => l.startsWith('<none>')), 'the intermediate image is listed with -a only');
});

/** `docker image inspect --format` fields compared with Docker's answers. */
const INSPECT = '{{.Id}}|{{.Parent}}|{{.Created}}|{{.Comment}}|{{.Container}}|{{.DockerVersion}}|{{.Author}}|{{.Architecture}}|{{.Os}}|{{.Size}}|{{json .RepoTags}}|{{json .RootFS}}|{{json .Config}}|{{json .ContainerConfig}}';
const EMPTY_CONFIG = { AttachStderr: false, AttachStdin: false, AttachStdout: false, Cmd: null, Domainname: '', Entrypoint: null, Env: null, Hostname: '', Image: '', Labels: null, OnBuild: null, OpenStdin: false, StdinOnce: false, Tty: false, User: '', Volumes: null, WorkingDir: '' };
const cfg = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries({ ...EMPTY_CONFIG, ...o }).sort(([a], [b]) => (a < b ? -1 : 1))));
const DIFF = { base: 'sha256:ed75c77ecf5c0ab6ecb74bf6076824dbde73e2fb73091c630cec16351031bafe', empty: 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef', top: 'sha256:d743733905f7680ccffc65ec0a1dcfe7c5e06b1777538a4e0c6e7204a826190b' };
const rootfs = (...l: string[]) => JSON.stringify({ Layers: l, Type: 'layers' });

test('image inspect and the history API answer what Docker answered', async () => {
  const inspect = async (ref: string) => (await d.docker(['image', 'inspect', '--format', INSPECT, ref])).stdout.trim();
  assert.equal(await inspect('legacy/app:1.0'), [ID.top, ID.env, '2016-01-04T00:00:00Z', '', '', '1.9.1', '', 'amd64', 'linux', '42', '["legacy/app:1.0","legacy/app:latest"]',
    rootfs(DIFF.base, DIFF.empty, DIFF.top), cfg({ Cmd: ['/app/run.sh'], Env: ['PATH=/usr/bin:/bin', 'FOO=bar'], WorkingDir: '/app' }), cfg({ Cmd: ['/bin/sh -c chmod +x /app/run.sh'] })].join('|'));
  assert.equal(await inspect(ID.env), [ID.env, ID.base, '2016-01-03T05:00:00.5+02:00', '', '', '1.9.1', '', 'amd64', 'linux', '33', '[]',
    rootfs(DIFF.base, DIFF.empty), cfg({ Cmd: ['/bin/sh'], Env: ['PATH=/usr/bin:/bin', 'FOO=bar'] }), cfg({ Cmd: ['/bin/sh', '-c', '#(nop) ENV FOO=bar'] })].join('|'));
  assert.equal(await inspect('legacy/base:v1'), [ID.base, '', '2016-01-02T03:04:05.123456789Z', 'base & co', 'c0ffee', '1.9.1', 'Ann <ann@example.com>', 'amd64', 'linux', '33', '["legacy/base:v1"]',
    rootfs(DIFF.base), cfg({ Cmd: ['/bin/sh'], Env: ['PATH=/usr/bin:/bin'], Hostname: 'c0ffee', Labels: { 'a<b': 'x&y' } }), cfg({ Cmd: ['/bin/sh', '-c', '#(nop) ADD file:0123 in /'], Hostname: 'c0ffee' })].join('|'));
  const history = await d.api('GET', '/v1.41/images/legacy/app:1.0/history');
  assert.deepEqual(history.json(), [
    { Comment: '', Created: 1451865600, CreatedBy: '/bin/sh -c chmod +x /app/run.sh', Id: ID.top, Size: 9, Tags: ['legacy/app:1.0', 'legacy/app:latest'] },
    { Comment: '', Created: 1451790000, CreatedBy: '/bin/sh -c #(nop) ENV FOO=bar', Id: ID.env, Size: 0, Tags: null },
    { Comment: 'base & co', Created: 1451703845, CreatedBy: '/bin/sh -c #(nop) ADD file:0123 in /', Id: ID.base, Size: 33, Tags: ['legacy/base:v1'] },
  ]);
});

test('API load: progress by short v1 layer ID and no stream lines; a moved tag is announced as Docker does', async () => {
  assert.equal((await d.docker(['rmi', 'legacy/app:1.0', 'legacy/app:latest', 'legacy/base:v1'])).code, 0);
  const lines = await load(chainFixture(), false);
  assert.deepEqual(new Set(lines.map((l) => l.status)), new Set(['Loading layer']), JSON.stringify(lines));
  assert.deepEqual(new Set(lines.map((l) => l.id)), new Set([CHAIN.base, CHAIN.env, CHAIN.top].map((id) => id.slice(0, 12))));
  await d.docker(['tag', 'busybox', 'legacy/base:v1']);
  assert.deepEqual(await load(chainFixture()), [{ stream: `The image legacy/base:v1 already exists, renaming the old one with ID ${bb} to empty string\n` }]);
  assert.equal((await d.docker(['image', 'inspect', '--format', '{{.Id}}', 'legacy/base:v1'])).stdout.trim(), ID.base);
  await d.docker(['tag', 'busybox', 'legacy/app:1.0']);
  const w = await d.wharf(['load', '-q', '-i', join(d.root, 'chain.tar')]);
  assert.deepEqual([w.code, w.stdout], [0, `The image legacy/app:1.0 already exists, renaming the old one with ID ${bb} to empty string\n`], w.stderr);
});

test('a 1.6.2 archive (fallback re-encoding), a zero-byte layer.tar: Docker\'s IDs', async () => {
  assert.deepEqual(await load(fallbackFixture()), []);
  const inspect = (await d.docker(['image', 'inspect', '--format', '{{.Id}} {{.Created}} {{.Author}} {{json .Config.Healthcheck}} {{json .Config.Cmd}} {{json .ContainerConfig.Entrypoint}}', 'legacy/old:1.6'])).stdout.trim();
  assert.equal(inspect, `${ID.old} 2015-06-01T10:00:00.000000001-07:30 case folded {"Interval":30000000000,"Test":["CMD","true"]} ["run"] ["sh"]`);
  const id = v1Id('zero');
  const zero = { id, created: '2016-01-01T00:00:00Z', docker_version: '1.9.1', os: 'linux', container_config: { Cmd: ['x'] }, config: {} };
  assert.deepEqual(await load(legacyArchive([{ id, json: zero, tar: Buffer.alloc(0) }], { 'probe/zero': { '1': id } })), []);
  assert.deepEqual((await listing()).filter((l) => l.startsWith('probe/')), ['probe/zero:1 sha256:d320f137358ca42a22aa8c5b901940b4bdf1822a36d05f825d2fafd6c7cd51f5 0B']);
});

test('a legacy image on a busybox base layer runs', async () => {
  const [base, app] = [v1Id('bb-base'), v1Id('bb-app')];
  const json = (id: string, o: Record<string, unknown>) => ({ id, created: '2016-05-01T00:00:00Z', docker_version: '1.9.1', os: 'linux', architecture: 'amd64', ...o });
  const archive = legacyArchive([
    { id: base, json: json(base, { container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ADD file:bb in /'] }, config: { Cmd: ['sh'] } }), tar: readFileSync(busyboxTar()) },
    { id: app, json: json(app, { parent: base, container_config: { Cmd: ['/bin/sh', '-c', '#(nop) COPY hello'] }, config: { Cmd: ['cat', '/hello'] } }), tar: tarOf([{ name: 'hello', data: 'hello from 2016\n', mode: 0o644 }]) },
  ], { 'legacy/bb': { latest: app } });
  assert.deepEqual(await load(archive), []);
  const run = await d.docker(['run', '--rm', 'legacy/bb']);
  assert.deepEqual([run.code, run.stdout], [0, 'hello from 2016\n'], run.stderr);
});

const blobs = () => readdirSync(join(d.dataRoot, 'content/blobs/sha256')).sort();
const layerDirs = () => readdirSync(join(d.dataRoot, 'layers')).filter((n) => n !== 'l').sort();

test('hostile legacy archives are refused with a message and leave the store unchanged', async () => {
  const before = { images: await listing(), blobs: blobs(), layers: layerDirs() };
  const LAYER = tarOf([{ name: 'evil', data: 'x', mode: 0o644 }]);
  const j = (name: string, o: Record<string, unknown> = {}) => ({ id: v1Id(name), docker_version: '1.9.1', os: 'linux', ...o });
  const l = (name: string, o: Record<string, unknown> = {}): V1LayerSpec => ({ id: v1Id(name), json: j(name, o), tar: LAYER });
  const tagged = (layers: V1LayerSpec[], target = layers.at(-1)!.id) => legacyArchive(layers, { 'evil/x': { '1': target } });
  const cases: Array<[string, Buffer, RegExp]> = [
    ['parent cycle', tagged([l('a', { parent: v1Id('b') }), l('b', { parent: v1Id('a') })]), /parent chain of [a-f0-9]{64} loops back/],
    ['missing layer.tar', tagged([{ ...l('nolayer'), tar: undefined }]), new RegExp(`${v1Id('nolayer')}/layer\\.tar is missing`)],
    ['bad layer ID', legacyArchive([{ id: 'abc', json: j('abc'), tar: LAYER }], { 'evil/x': { '1': v1Id('abc') } }), /"abc" is not named by a 64-hex layer ID/],
    ['bad parent ID', tagged([l('p', { parent: 'abc' })]), /names parent "abc", not a 64-hex layer ID/],
    ['oversized json', tagged([l('big', { comment: 'x'.repeat(MAX_V1_JSON) })]), /json is larger than 1048576 bytes/],
    ['tag target missing after good layers', tagged([l('good')], v1Id('nope')), /invalid target ID/],
    ['unsafe entry in layer.tar', tagged([{ ...l('trav'), tar: tarOf([{ name: '../../../tmp/evil', data: 'x' }]) }]), /unsafe layer entry/],
  ];
  for (const [name, body, message] of cases) {
    const lines = await load(body);
    assert.equal(lines.length, 1, `${name}: ${JSON.stringify(lines)}`);
    assert.match(lines[0]!.errorDetail?.message ?? '', message, name);
  }
  const cli = await d.docker(['load', '-i', file('cycle.tar', cases[0]![1])]);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /loops back/);
  assert.deepEqual({ images: await listing(), blobs: blobs(), layers: layerDirs() }, before);
});
