/** Local volume names and options, with the reference Docker 20.10's answers as expectations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomVolumeName, validateVolumeName } from './names.js';
import { deviceMount, validateVolumeOptions } from './options.js';
import { InvalidVolumeNameError, InvalidVolumeOptionError } from './errors.js';

const invalid = (n: string) => `create ${n}: ${JSON.stringify(n)} includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;

test('names Docker refuses, with its messages', () => {
  for (const n of ['x/y', '..', '.a', '-a', 'a b', '/abs', 'a/../b', 'é1', '_a']) {
    assert.throws(() => validateVolumeName(n), (e: Error) => e instanceof InvalidVolumeNameError && e.message === invalid(n), n);
  }
  assert.throws(() => validateVolumeName('a'), { message: 'create a: volume name is too short, names should be at least two alphanumeric characters' });
});

test('names Docker takes', () => {
  for (const n of ['a..b', 'ab', 'A1', 'v1.2_x-y', '0'.repeat(64)]) validateVolumeName(n);
});

test('anonymous names are 64 hex digits and never all digits in their short form', () => {
  for (let i = 0; i < 50; i++) {
    const n = randomVolumeName();
    assert.match(n, /^[0-9a-f]{64}$/);
    assert.doesNotMatch(n.slice(0, 12), /^\d+$/);
  }
});

test('options: the reference answers for unknown, missing and quota options', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ foo: 'bar' }, 'create v: invalid option: "foo"'],
    [{ o: 'size=1m' }, 'create v: missing required option: "device"'],
    [{ type: 'tmpfs' }, 'create v: missing required option: "device"'],
    [{ device: '/tmp' }, 'create v: missing required option: "type"'],
    [{ type: 'none', device: '/tmp', o: 'bind', size: '3' }, 'create v: quota size requested but no quota support'],
  ];
  for (const [opts, msg] of cases) {
    assert.throws(() => validateVolumeOptions('v', opts), (e: Error) => e instanceof InvalidVolumeOptionError && e.message === msg, msg);
  }
});

test('options that are valid, and what they mount', () => {
  validateVolumeOptions('v', null);
  validateVolumeOptions('v', {});
  const tmpfs = { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' };
  validateVolumeOptions('v', tmpfs);
  assert.deepEqual(deviceMount(tmpfs), { type: 'tmpfs', device: 'tmpfs', options: 'size=1m' });
  assert.deepEqual(deviceMount({ type: 'none', device: '/srv' }), { type: 'none', device: '/srv', options: '' });
  assert.equal(deviceMount(null), undefined);
});
