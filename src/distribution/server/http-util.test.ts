import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from './errors.js';
import { bareMediaType, page, parseByteRange, parseContentRange, parsePageSize } from './http-util.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as RegistryError).code;
  }
  return undefined;
};

describe('registry http helpers', () => {
  it('parses upload Content-Range values', () => {
    assert.deepEqual(parseContentRange('0-99'), { start: 0, end: 99 });
    assert.deepEqual(parseContentRange('bytes=100-199'), { start: 100, end: 199 });
    assert.deepEqual(parseContentRange('bytes 5-9/*'), { start: 5, end: 9 });
    assert.equal(parseContentRange(undefined), undefined);
    assert.equal(code(() => parseContentRange('9-5')), 'RANGE_INVALID');
    assert.equal(code(() => parseContentRange('abc')), 'RANGE_INVALID');
  });

  it('parses Range request headers against a size', () => {
    assert.deepEqual(parseByteRange('bytes=0-4', 10), { start: 0, end: 4 });
    assert.deepEqual(parseByteRange('bytes=5-', 10), { start: 5, end: 9 });
    assert.deepEqual(parseByteRange('bytes=-3', 10), { start: 7, end: 9 });
    assert.deepEqual(parseByteRange('bytes=8-100', 10), { start: 8, end: 9 });
    assert.equal(parseByteRange('items=0-1', 10), undefined);
    assert.equal(parseByteRange('bytes=0-1,3-4', 10), undefined);
    const e = (() => { try { parseByteRange('bytes=10-', 10); } catch (x) { return x as RegistryError; } return undefined; })();
    assert.equal(e?.status, 416);
    assert.equal(e?.headers['Content-Range'], 'bytes */10');
  });

  it('validates page sizes and pages sorted lists after `last`', () => {
    assert.equal(parsePageSize(null, 100), undefined);
    assert.equal(parsePageSize('0', 100), 0);
    assert.equal(code(() => parsePageSize('101', 100)), 'PAGINATION_NUMBER_INVALID');
    assert.equal(code(() => parsePageSize('1.5', 100)), 'PAGINATION_NUMBER_INVALID');
    const items = ['a', 'b', 'c', 'd'];
    assert.deepEqual(page(items, (x) => x, 2, null), { items: ['a', 'b'], more: true });
    assert.deepEqual(page(items, (x) => x, 2, 'b'), { items: ['c', 'd'], more: false });
    assert.deepEqual(page(items, (x) => x, 2, 'bb'), { items: ['c', 'd'], more: false });
    assert.deepEqual(page(items, (x) => x, 2, 'z'), { items: [], more: false });
  });

  it('strips media type parameters', () => {
    assert.equal(bareMediaType('application/json; charset=utf-8'), 'application/json');
    assert.equal(bareMediaType(''), undefined);
  });
});
