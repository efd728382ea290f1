import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFilter, filtersToJson } from './flags.js';
import { checkImageReference } from './reference.js';

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

