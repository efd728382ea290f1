/** `-v` strings as moby parses them: the answers of Docker 20.10 (POST /containers/create, API 1.41). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBind } from './bind-spec.js';
import { InvalidMountError } from './mount-errors.js';

const BAD: Array<[string, string]> = [
  ['a:b:c:d', "invalid volume specification: 'a:b:c:d'"],
  [':/x', "invalid volume specification: ':/x'"],
  ['/a:/x:ro:rw', "invalid volume specification: '/a:/x:ro:rw'"],
  ['/x:rw', "invalid volume specification: '/x:rw'"],
  ['/x/y:/z:bogus', 'invalid mode: bogus'],
  ['/a:/x:ro,rw', 'invalid mode: ro,rw'],
  ['/a:/x:ro,ro', 'invalid mode: ro,ro'],
  ['/a:/x:z,Z', 'invalid mode: z,Z'],
  ['/a:/x:shared,slave', 'invalid mode: shared,slave'],
  ['/a:x', `invalid volume specification: '/a:x': invalid mount config for type "bind": invalid mount path: 'x' mount path must be absolute`],
  ['/tmp:/', `invalid volume specification: '/tmp:/': invalid mount config for type "bind": invalid specification: destination can't be '/'`],
  ['/a:/x:nocopy', `invalid volume specification: '/a:/x:nocopy': invalid mount config for type "bind": field VolumeOptions must not be specified`],
  ['/tmp:/x:rw,nocopy', `invalid volume specification: '/tmp:/x:rw,nocopy': invalid mount config for type "bind": field VolumeOptions must not be specified`],
  ['name:rel', `invalid volume specification: 'name:rel': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`],
];

for (const [raw, message] of BAD) {
  test(`-v ${raw}: ${message}`, () => {
    assert.throws(() => parseBind(raw), (e: unknown) => e instanceof InvalidMountError && e.message === message);
  });
}

test('a host path is a bind: rprivate, the mode kept as given, ro from the mode', () => {
  assert.deepEqual(parseBind('/tmp/wm-a:/a:ro,Z'), {
    Type: 'bind', Source: '/tmp/wm-a', Destination: '/a', Mode: 'ro,Z', RW: false, Propagation: 'rprivate', CopyData: false,
  });
  assert.equal(parseBind('/h:/x:rshared').Propagation, 'rshared');
  assert.equal(parseBind('/h/../g/:/x/../y/').Source, '/g', 'paths cleaned');
  assert.equal(parseBind('/h:/x/../y').Destination, '/y');
});

test('a name is a volume (copied into unless nocopy); a lone path an anonymous one', () => {
  assert.deepEqual(parseBind('cache:/n:nocopy'), {
    Type: 'volume', Name: 'cache', Source: '', Destination: '/n', Mode: 'nocopy', RW: true, Propagation: '', CopyData: false, Anonymous: false,
  });
  const named = parseBind('cache:/n', 'local');
  assert.equal(named.CopyData, true);
  assert.equal(named.Driver, 'local');
  assert.deepEqual({ ...parseBind('/anon'), Name: parseBind('/anon').Name }, {
    Type: 'volume', Name: '', Source: '', Destination: '/anon', Mode: '', RW: true, Propagation: '', CopyData: true, Anonymous: true,
  });
  assert.equal(parseBind('/h:/x', 'other').Driver, undefined, 'the volume driver is no bind\'s');
});
