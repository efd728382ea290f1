/** HostConfig.Mounts checks: the answers of Docker 20.10 (POST /containers/create, API 1.41). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountPointOf } from './mount-spec.js';
import { InvalidMountError } from './mount-errors.js';
import type { MountSpec } from './mount-point.js';

const BAD: Array<[MountSpec, string]> = [
  [{ Type: 'bind', Source: '/nonexist', Target: '/x' }, 'invalid mount config for type "bind": bind source path does not exist: /nonexist'],
  [{ Type: 'bind', Source: 'rel', Target: '/x' }, `invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`],
  [{ Type: 'bind', Target: '/x' }, 'invalid mount config for type "bind": field Source must not be empty'],
  [{ Type: 'bind', Source: '/tmp', Target: '/x', BindOptions: { Propagation: 'bogus' } }, 'invalid mount config for type "bind": invalid propagation mode: bogus'],
  [{ Type: 'bind', Source: '/tmp', Target: '/x', VolumeOptions: { NoCopy: true } }, 'invalid mount config for type "bind": field VolumeOptions must not be specified'],
  [{ Type: 'volume', Target: 'x' }, `invalid mount config for type "volume": invalid mount path: 'x' mount path must be absolute`],
  [{ Type: 'volume', Source: 'a', Target: '/' }, `invalid mount config for type "volume": invalid specification: destination can't be '/'`],
  [{ Type: 'volume', Source: 'a', Target: '/x', BindOptions: { Propagation: 'shared' } }, 'invalid mount config for type "volume": field BindOptions must not be specified'],
  [{ Type: 'volume', Target: '/x', ReadOnly: true }, 'invalid mount config for type "volume": must not set ReadOnly mode when using anonymous volumes'],
  [{ Type: 'tmpfs', Source: 'a', Target: '/x' }, 'invalid mount config for type "tmpfs": field Source must not be specified'],
  [{ Type: 'foo', Target: '/x' }, 'invalid mount config for type "foo": mount type unknown'],
  [{ Type: 'bind', Source: '/tmp' }, 'invalid mount config for type "bind": field Target must not be empty'],
];

for (const [spec, message] of BAD) {
  test(`--mount ${JSON.stringify(spec)}: ${message}`, () => {
    assert.throws(() => mountPointOf(spec, { bindSourceMustExist: true, keepSpec: true }), (e: unknown) => e instanceof InvalidMountError && e.message === message);
  });
}

test('a --mount bind, volume and tmpfs become mount points with the object kept', () => {
  const bind: MountSpec = { Type: 'bind', Source: '/tmp', Target: '/b', ReadOnly: true, BindOptions: { Propagation: 'rshared', NonRecursive: true } };
  assert.deepEqual(mountPointOf(bind, { bindSourceMustExist: true, keepSpec: true }), {
    Type: 'bind', Source: '/tmp', Destination: '/b', Mode: '', RW: false, Propagation: 'rshared', CopyData: false, NonRecursive: true, Spec: bind,
  });
  const vol: MountSpec = { Type: 'volume', Source: 'v2', Target: '/v2', VolumeOptions: { NoCopy: true, DriverConfig: { Name: 'local' } } };
  const v = mountPointOf(vol, { bindSourceMustExist: true, keepSpec: true });
  assert.deepEqual([v.Name, v.CopyData, v.Driver, v.Anonymous], ['v2', false, 'local', false]);
  const anon = mountPointOf({ Type: 'volume', Target: '/a' }, { bindSourceMustExist: true, keepSpec: true });
  assert.deepEqual([anon.Name, anon.CopyData, anon.Anonymous], ['', true, true]);
  const t = mountPointOf({ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1048576, Mode: 0o1770 } }, { bindSourceMustExist: true, keepSpec: true });
  assert.deepEqual([t.Type, t.Propagation, t.Tmpfs], ['tmpfs', '', { SizeBytes: 1048576, Mode: 0o1770 }]);
  // Docker 20.10 accepts a negative size (the kernel judges it at start) and an unknown consistency.
  assert.doesNotThrow(() => mountPointOf({ Type: 'tmpfs', Target: '/x', TmpfsOptions: { SizeBytes: -1 } }, { bindSourceMustExist: true, keepSpec: true }));
  assert.doesNotThrow(() => mountPointOf({ Type: 'bind', Source: '/tmp', Target: '/x', Consistency: 'bogus' }, { bindSourceMustExist: true, keepSpec: true }));
});

test('API 1.44+ fields: CreateMountpoint lifts the source check; read-only recursion needs ReadOnly', () => {
  const o = { bindSourceMustExist: true, keepSpec: true };
  assert.doesNotThrow(() => mountPointOf({ Type: 'bind', Source: '/nonexist-wharf', Target: '/x', BindOptions: { CreateMountpoint: true } }, o));
  const bad: Array<[MountSpec, string]> = [
    [{ Type: 'bind', Source: '/tmp', Target: '/x', BindOptions: { ReadOnlyNonRecursive: true } }, 'must not set ReadOnlyNonRecursive when ReadOnly is false'],
    [{ Type: 'bind', Source: '/tmp', Target: '/x', BindOptions: { ReadOnlyForceRecursive: true } }, 'must not set ReadOnlyForceRecursive when ReadOnly is false'],
    [{ Type: 'bind', Source: '/tmp', Target: '/x', ReadOnly: true, BindOptions: { ReadOnlyNonRecursive: true, ReadOnlyForceRecursive: true } }, 'must not set both ReadOnlyNonRecursive and ReadOnlyForceRecursive'],
  ];
  for (const [spec, msg] of bad) {
    assert.throws(() => mountPointOf(spec, o), (e: unknown) => e instanceof InvalidMountError && e.message === `invalid mount config for type "${spec.Type}": ${msg}`);
  }
  assert.equal(mountPointOf({ Type: 'bind', Source: '/tmp', Target: '/x', ReadOnly: true, BindOptions: { ReadOnlyForceRecursive: true } }, o).ReadOnlyRecursive, true);
});
