import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFilter, filtersToJson } from './flags.js';
import { checkImageReference } from './reference.js';
import { apiTimestamp } from './timestamp.js';

const refCases: Array<[string, string | undefined]> = [
  ['busybox', undefined],
  ['localhost:5000/a/b:tag', undefined],
  ['UPPER', 'invalid reference format: repository name (library/UPPER) must be lowercase'],
  ['Foo/Bar:v1', 'invalid reference format: repository name (Bar) must be lowercase'],
  ['foo/BAR', 'invalid reference format: repository name (foo/BAR) must be lowercase'],
  ['bad@@name', 'invalid reference format'],
];
for (const [ref, want] of refCases) {
  test(`checkImageReference(${ref})`, () => {
    if (want === undefined) checkImageReference(ref);
    else assert.throws(() => checkImageReference(ref), (e: unknown) => (e as Error).message === want);
  });
}

test('filters become the API JSON form', () => {
  assert.deepEqual(filtersToJson(['name=web', 'Label=a=b', 'name=db']), { name: { web: true, db: true }, label: { 'a=b': true } });
  assert.throws(() => checkFilter('bogus'), /bad format of filter \(expected name=value\)/);
});

test('--since/--until values: durations back from now, RFC 3339, unix seconds', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  assert.equal(apiTimestamp('1h', now), `${now / 1000 - 3600}.000000000`);
  assert.equal(apiTimestamp('2026-01-01T00:00:10Z', now), `${now / 1000 + 10}.000000000`);
  assert.equal(apiTimestamp('1700000000', now), '1700000000');
  assert.throws(() => apiTimestamp('yesterday', now), /failed to parse value as time or duration/);
});
