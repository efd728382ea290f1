/** tmpfs options as moby writes them into the runtime spec (checked against Docker 20.10's /proc/mounts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpfsData, tmpfsOptions, validateTmpfsDestinations } from './tmpfs.js';
import { InvalidMountError } from './mount-errors.js';
import { parseVolumesFrom } from './volumes-from.js';

test('--tmpfs: Docker\'s defaults first, the user\'s options after; a later word of a group wins', () => {
  assert.deepEqual(tmpfsOptions(''), ['noexec', 'nosuid', 'nodev', 'rprivate']);
  // docker run --tmpfs /x:size=2m,mode=700,exec → rw,nosuid,nodev,relatime,size=2048k,mode=700
  assert.deepEqual(tmpfsOptions('size=2m,mode=700,exec'), ['nosuid', 'nodev', 'rprivate', 'size=2m', 'mode=700', 'exec']);
  assert.deepEqual(tmpfsOptions('size=1m,size=3m'), ['noexec', 'nosuid', 'nodev', 'rprivate', 'size=3m']);
  assert.deepEqual(tmpfsOptions('defaults,ro'), ['noexec', 'nosuid', 'nodev', 'rprivate', 'ro']);
  assert.throws(() => tmpfsOptions('foo'), (e: unknown) => e instanceof InvalidMountError && e.message === 'Invalid tmpfs option ["foo"]');
  assert.throws(() => tmpfsOptions('foo=bar'), (e: unknown) => e instanceof InvalidMountError && e.message === 'Invalid tmpfs option ["foo" "bar"]');
});

test('--mount type=tmpfs: moby\'s ConvertTmpfsOptions (octal mode, the largest unit that divides the size)', () => {
  assert.equal(tmpfsData({ SizeBytes: 1048576, Mode: 0o1770 }, false), 'mode=1770,size=1m');
  assert.equal(tmpfsData({ SizeBytes: 3 * 2 ** 30 }, true), 'ro,size=3g');
  assert.equal(tmpfsData({ SizeBytes: 1000 }, false), 'size=1000');
  assert.equal(tmpfsData(undefined, false), '');
  assert.equal(tmpfsData({ Mode: 0o700 }, false, [['exec'], ['nr_inodes', '100']]), 'mode=700,exec,nr_inodes=100', 'API 1.46 Options after');
});

test('HostConfig.Tmpfs destinations: absolute, not /', () => {
  assert.throws(() => validateTmpfsDestinations({ rel: '' }), (e: unknown) => e instanceof InvalidMountError && e.message === "invalid mount path: 'rel' mount path must be absolute");
  assert.throws(() => validateTmpfsDestinations({ '/': '' }), (e: unknown) => e instanceof InvalidMountError && e.message === "invalid specification: destination can't be '/'");
  assert.doesNotThrow(() => validateTmpfsDestinations({ '/x': 'size=bogus' }), 'options are the kernel\'s to judge, at start');
});

test('--volumes-from c[:mode]: rw by default; no propagation or copy mode', () => {
  assert.deepEqual(parseVolumesFrom('c'), { container: 'c', mode: 'rw' });
  assert.deepEqual(parseVolumesFrom('c:ro'), { container: 'c', mode: 'ro' });
  for (const mode of ['bogus', 'rshared', 'nocopy', 'ro,rw']) {
    assert.throws(() => parseVolumesFrom(`c:${mode}`), (e: unknown) => e instanceof InvalidMountError && e.message === `invalid mode: ${mode}`);
  }
  assert.throws(() => parseVolumesFrom(''), /volumes-from specification cannot be an empty string/);
});
