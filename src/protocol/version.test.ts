import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions } from './version.js';

test('compareVersions is numeric', () => {
  assert.ok(compareVersions('1.9', '1.41') < 0);
  assert.ok(compareVersions('1.50', '1.41') > 0);
  assert.equal(compareVersions('1.50', '1.50'), 0);
  assert.equal(compareVersions('1.5', '1.5.0'), 0);
});
