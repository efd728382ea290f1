/** Mount points as runtime mounts, as moby's setMounts writes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rootPropagation, runtimeMounts } from './runtime-mounts.js';
import { checkPropagation } from './propagation.js';
import { parseBind } from './bind-spec.js';
import { mountPointOf } from './mount-spec.js';
import { InvalidMountError } from './mount-errors.js';

const opts = { bindSourceMustExist: false, keepSpec: true };

test('binds: rbind (bind when nonrecursive), ro, propagation; volumes bind the provider\'s path', () => {
  const points = [
    parseBind('/h:/a/b:ro'), { ...parseBind('vol:/v'), Source: '/old' }, parseBind('/h2:/a'),
    mountPointOf({ Type: 'bind', Source: '/s', Target: '/n', BindOptions: { NonRecursive: true, Propagation: 'rslave' } }, opts),
    mountPointOf({ Type: 'tmpfs', Target: '/t', ReadOnly: true, TmpfsOptions: { SizeBytes: 1 << 20 } }, opts),
  ];
  assert.deepEqual(runtimeMounts(points, { '/a/b/c': 'size=1m' }, new Map([['/v', '/vols/vol/_data']])), [
    { destination: '/v', type: 'bind', source: '/vols/vol/_data', options: ['rbind'] },
    { destination: '/a', type: 'bind', source: '/h2', options: ['rbind', 'rprivate'] },
    { destination: '/n', type: 'bind', source: '/s', options: ['bind', 'rslave'] },
    { destination: '/t', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'ro', 'size=1m'] },
    { destination: '/a/b', type: 'bind', source: '/h', options: ['rbind', 'ro', 'rprivate'] },
    { destination: '/a/b/c', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=1m'] },
  ], 'parents first, the given order kept within a depth');
});

test('ReadOnlyForceRecursive asks runc for rro', () => {
  const m = mountPointOf({ Type: 'bind', Source: '/s', Target: '/r', ReadOnly: true, BindOptions: { ReadOnlyForceRecursive: true } }, opts);
  assert.deepEqual(runtimeMounts([m], {}, new Map())[0]?.options, ['rbind', 'rro', 'rprivate']);
});

test('the root\'s propagation follows a shared or slave bind (moby)', () => {
  assert.equal(rootPropagation([parseBind('/h:/x')]), undefined);
  assert.equal(rootPropagation([parseBind('/h:/x:rslave')]), 'rslave');
  assert.equal(rootPropagation([parseBind('/h:/x:rslave'), parseBind('/g:/y:shared')]), 'shared');
});

test('a shared bind needs a shared source mount, a slave one a shared or slave one (Docker 20.10\'s messages)', () => {
  const info = [
    '22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw',
    '30 22 0:40 / /mnt/shared rw shared:5 - tmpfs tmpfs rw',
    '31 22 0:41 / /mnt/slave rw master:5 - tmpfs tmpfs rw',
  ].join('\n');
  const check = (raw: string) => () => checkPropagation([parseBind(raw)], () => info);
  assert.throws(check('/nonexist-wharf/x:/x:shared'), (e: unknown) => e instanceof InvalidMountError && e.message === 'path /nonexist-wharf/x is mounted on / but it is not a shared mount');
  assert.throws(check('/nonexist-wharf/x:/x:rslave'), (e: unknown) => e instanceof InvalidMountError && e.message === 'path /nonexist-wharf/x is mounted on / but it is not a shared or slave mount');
  assert.doesNotThrow(check('/mnt/shared/d:/x:rshared'));
  assert.doesNotThrow(check('/mnt/slave/d:/x:slave'));
  assert.throws(check('/mnt/slave/d:/x:shared'), /is mounted on \/mnt\/slave but it is not a shared mount/);
  assert.doesNotThrow(check('/nonexist-wharf:/x:rprivate'));
});
