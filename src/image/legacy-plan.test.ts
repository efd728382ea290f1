/**
 * Planning legacy archives: what Docker 20.10's legacyLoad made of the fixtures (image IDs,
 * parents, tags), and one named case per hostile archive, each refused with INVALID_ARCHIVE.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { sha256Digest } from '../oci/digest.js';
import { Digester } from '../util/verify.js';
import type { ContentIngester, ContentProvider } from '../content/store.js';
import { tarOf } from '../archive/fixture-tar.js';
import { readArchive, InvalidArchiveError } from './archive-read.js';
import { planLoad, type LoadImage } from './archive-plan.js';
import { MAX_CHAIN, MAX_V1_JSON } from './legacy-plan.js';
import { chainFixture, legacyArchive, v1Id, CHAIN, type V1LayerSpec } from './legacy-fixture.js';

/** A store for archives whose members all stay in memory; big members are hashed and dropped. */
const memoryOnly: ContentIngester & ContentProvider = {
  async ingest(input) {
    const d = new Digester();
    for await (const _ of input.pipe(d)) { /* drain */ }
    return { digest: d.digest(), size: d.size };
  },
  put: async () => assert.fail('unexpected put'),
  info: async () => undefined,
  read: async () => assert.fail('unexpected read'),
  readBytes: async () => assert.fail('unexpected readBytes'),
};

async function planOf(archive: Buffer): Promise<LoadImage[]> {
  return planLoad(memoryOnly, await readArchive(Readable.from(archive, { objectMode: false }), memoryOnly));
}

const LAYER = tarOf([{ name: 'f', data: 'x\n', mode: 0o644 }]);
const json = (id: string, extra: Record<string, unknown> = {}) => ({ id, created: '2016-01-01T00:00:00Z', docker_version: '1.9.1', os: 'linux', ...extra });
const layer = (name: string, extra: Record<string, unknown> = {}): V1LayerSpec => ({ id: v1Id(name), json: json(v1Id(name), extra), tar: LAYER });
const tagged = (layers: V1LayerSpec[], target = layers.at(-1)!.id) => legacyArchive(layers, { 'evil/x': { '1': target } });

test('the chain fixture plans as Docker loaded it: one image per layer, parents first, tags sorted', async () => {
  const plan = await planOf(chainFixture());
  assert.deepEqual(plan.map((p) => [p.config.digest.slice(7, 19), p.parent?.slice(7, 19), p.tags, p.layers.length]), [
    ['07e72f1defa2', undefined, ['docker.io/legacy/base:v1'], 1],
    ['612829e5684a', '07e72f1defa2', [], 2],
    ['abad590370b8', '612829e5684a', ['docker.io/legacy/app:1.0', 'docker.io/legacy/app:latest'], 3],
  ]);
  assert.deepEqual(plan[2]!.layerIds, [CHAIN.base, CHAIN.env, CHAIN.top].map((id) => id.slice(0, 12)));
  assert.ok(plan.every((p) => p.announce === false), 'Docker prints no "Loaded image" lines for legacy archives');
});

test('a gzip layer.tar gets the diffID of its uncompressed bytes (Docker: probe/gz)', async () => {
  const id = v1Id('gz');
  const plan = await planOf(tagged([{ id, json: json(id, { container_config: { Cmd: ['x'] }, config: {} }), tar: gzipSync(tarOf([{ name: 'p.txt', data: 'probe\n', mode: 0o644 }])) }]));
  assert.equal(plan[0]!.config.digest, 'sha256:cbdbec96fd84436ee64130e2db93d7085136f87d5a0538e18af4617574210f19');
});

test('a zero-byte layer.tar has the empty digest as diffID (Docker: probe/zero)', async () => {
  const id = v1Id('zero');
  const plan = await planOf(legacyArchive([{ id, json: json(id, { container_config: { Cmd: ['x'] }, config: {} }), tar: Buffer.alloc(0) }], { 'probe/zero': { '1': id } }));
  const config = JSON.parse(plan[0]!.config.data!.toString());
  assert.deepEqual(config.rootfs.diff_ids, [sha256Digest('')]);
  assert.equal(plan[0]!.config.digest, 'sha256:d320f137358ca42a22aa8c5b901940b4bdf1822a36d05f825d2fafd6c7cd51f5');
});

/** A chain of `n` layers, base first. */
function chain(n: number): V1LayerSpec[] {
  return Array.from({ length: n }, (_, i) => layer(`deep${i}`, i > 0 ? { parent: v1Id(`deep${i - 1}`) } : {}));
}

test(`a chain of ${MAX_CHAIN} layers plans (Docker's layer store limit)`, async () => {
  const plan = await planOf(tagged(chain(MAX_CHAIN)));
  assert.equal(plan.length, MAX_CHAIN);
  assert.equal(plan.at(-1)!.layers.length, MAX_CHAIN);
});

const hostile: Array<[string, () => Buffer, RegExp]> = [
  ['parent cycle', () => tagged([layer('a', { parent: v1Id('b') }), layer('b', { parent: v1Id('a') })]), /parent chain of .* loops back/],
  ['layer is its own parent', () => tagged([layer('self', { parent: v1Id('self') })]), /loops back/],
  [`chain deeper than ${MAX_CHAIN}`, () => tagged(chain(MAX_CHAIN + 1)), new RegExp(`longer than ${MAX_CHAIN} layers`)],
  ['missing layer.tar', () => tagged([{ ...layer('nolayer'), tar: undefined }]), new RegExp(`${v1Id('nolayer')}/layer\\.tar is missing`)],
  ['missing json', () => Buffer.concat([tarOf([{ name: `${v1Id('j')}/layer.tar`, data: LAYER }, { name: 'repositories', data: '{}' }])]), /json is missing/],
  ['directory not named by an ID', () => legacyArchive([{ id: 'abc', json: json('abc'), tar: LAYER }], { 'evil/x': { '1': v1Id('abc') } }), /"abc" is not named by a 64-hex layer ID/],
  ['parent that is not an ID', () => tagged([layer('p', { parent: '../../etc' })]), /names parent "\.\.\/\.\.\/etc", not a 64-hex layer ID/],
  ['parent missing from the archive', () => tagged([layer('orphan', { parent: v1Id('gone') })]), /which is not in the archive/],
  ['oversized json', () => tagged([layer('big', { comment: 'x'.repeat(MAX_V1_JSON) })]), new RegExp(`json is larger than ${MAX_V1_JSON} bytes`)],
  ['json nested too deep', () => tagged([{ id: v1Id('n'), json: `{"a":${'['.repeat(600)}${']'.repeat(600)}}`, tar: LAYER }]), /nests deeper/],
  ['json of the wrong types', () => tagged([layer('t', { container_config: { Cmd: 5 } })]), /cannot unmarshal number into field container_config\.Cmd/],
  ['tag pointing at no layer', () => tagged([layer('t1')], v1Id('nope')), new RegExp(`invalid target ID: ${v1Id('nope')}`)],
  ['tag pointing at a non-ID', () => tagged([layer('t2')], '../x'), /points at "\.\.\/x", not a 64-hex layer ID/],
  ['bad tag', () => legacyArchive([layer('t3')], { 'evil/x': { 'a:b': v1Id('t3') } }), /invalid tag format/],
  ['bad repository name', () => legacyArchive([layer('t4')], { 'Evil/X': { '1': v1Id('t4') } }), /repository name must be lowercase/],
  ['repositories not an object', () => legacyArchive([layer('t5')], '["x"]'), /repositories is not an object/],
  ['windows image', () => tagged([layer('w', { os: 'windows' })]), /cannot load windows image on linux/],
  ['truncated gzip layer', () => tagged([{ ...layer('gz'), tar: gzipSync(tarOf([{ name: 'r', data: Buffer.alloc(64 * 1024, 7) }])).subarray(0, 100) }]), new RegExp(`${v1Id('gz')}/layer\\.tar: unexpected end of file`)],
];

for (const [name, archive, message] of hostile) {
  test(`hostile legacy archive refused: ${name}`, async () => {
    await assert.rejects(planOf(archive()), (e: Error) => {
      assert.ok(e instanceof InvalidArchiveError, `${e.constructor.name}: ${e.message}`);
      assert.match(e.message, message);
      return true;
    });
  });
}
