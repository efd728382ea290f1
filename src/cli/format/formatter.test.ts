import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerContext, DEFAULT_PS_TABLE, containerHeader } from './container-context.js';
import { renderFormat } from './formatter.js';
import { ImageContext, imageRows } from './image-context.js';
import { StatusError } from '../errors.js';

const NOW = Date.UTC(2026, 10, 24, 3, 0, 0);
const c = new ContainerContext({
  Id: '130add55347c10a9749fe2d545c5ad9fdc578dce20d8d8d43d6fbd1bc28c15c4', Names: ['/longcmd'], Image: 'busybox',
  ImageID: 'sha256:deebc9aa8f5d4361451cd3cc141df179280e5d114b90f0ff3584c2bd2cd5bf27',
  Command: "sh -c 'echo this is a long command line with stuff'", Created: NOW / 1000 - 1, Ports: [],
  Labels: { b: '2', a: '1' }, State: 'exited', Status: 'Exited (0) Less than a second ago',
  NetworkSettings: { Networks: { bridge: {} } },
}, true, NOW);

test('ps default table matches docker layout', () => {
  const out = renderFormat({ format: 'table', defaultTable: DEFAULT_PS_TABLE, header: containerHeader, rows: [c] });
  assert.equal(out,
    'CONTAINER ID   IMAGE     COMMAND                  CREATED        STATUS                              PORTS     NAMES\n'
    + '130add55347c   busybox   "sh -c \'echo this is…"   1 second ago   Exited (0) Less than a second ago             longcmd\n');
});

test('ps --format json marshals every field, HTML-escaped and sorted', () => {
  const out = renderFormat({ format: 'json', defaultTable: DEFAULT_PS_TABLE, header: containerHeader, rows: [c] });
  const o = JSON.parse(out) as Record<string, unknown>;
  assert.deepEqual(Object.keys(o), ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names',
    'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status']);
  assert.equal(o['Labels'], 'a=1,b=2');
  assert.equal(o['Command'], '"sh -c \'echo this is…"');
  assert.equal(o['CreatedAt'], '2026-11-24 02:59:59 +0000 UTC');
  assert.match(renderFormat({ format: 'json', defaultTable: '', header: {}, rows: [new ContainerContext({ Id: 'x', Command: 'a>b' }, true, NOW)] }), /a\\u003eb/);
});

test('custom table template with a label column uses the label name as header', () => {
  const out = renderFormat({ format: 'table {{.ID}}\\t{{.Label "a"}}', defaultTable: '', header: containerHeader, rows: [c] });
  assert.equal(out, 'CONTAINER ID   a\n130add55347c   1\n');
});

test('bad templates map to docker messages with exit 1', () => {
  assert.throws(() => renderFormat({ format: '{{.Bogus}}', defaultTable: '', header: containerHeader, rows: [c] }),
    (e: unknown) => e instanceof StatusError && e.status === 1 && e.message.startsWith('failed to execute template: '));
  assert.throws(() => renderFormat({ format: '{{.ID', defaultTable: '', header: containerHeader, rows: [c] }),
    (e: unknown) => e instanceof StatusError && e.message.startsWith('template parsing error: '));
});

test('imageRows: tags, digests and dangling images', () => {
  const img = { Id: 'sha256:' + 'a'.repeat(64), Created: 0, Size: 1_984_000, RepoTags: ['busybox:latest', 'x/y:1'],
    RepoDigests: ['busybox@sha256:' + 'b'.repeat(64)] };
  assert.deepEqual(imageRows(img, false), [
    { repo: 'busybox', tag: 'latest', digest: '<none>' }, { repo: 'x/y', tag: '1', digest: '<none>' }]);
  assert.deepEqual(imageRows(img, true)[0], { repo: 'busybox', tag: 'latest', digest: 'sha256:' + 'b'.repeat(64) });
  assert.deepEqual(imageRows({ ...img, RepoTags: [], RepoDigests: [] }, false), [{ repo: '<none>', tag: '<none>', digest: '<none>' }]);
  const ctx = new ImageContext(img, { repo: 'busybox', tag: 'latest', digest: '<none>' }, true, NOW);
  assert.equal(ctx.ID(), 'aaaaaaaaaaaa');
  assert.equal(ctx.Size(), '1.98MB');
  assert.equal(ctx.VirtualSize(), '1.984MB');
});
