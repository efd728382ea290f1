import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupRules } from './cgroup-rules.js';

test('device cgroup rules: numbers or * (any), moby\'s message for anything else', () => {
  assert.deepEqual(cgroupRules(['c 1:3 rmw', 'b *:* m', 'a 7:* rw']), [
    { allow: true, type: 'c', access: 'rmw', major: 1, minor: 3 },
    { allow: true, type: 'b', access: 'm' },
    { allow: true, type: 'a', access: 'rw', major: 7 },
  ]);
  assert.deepEqual(cgroupRules(null), []);
  for (const bad of ['x 1:3 rmw', 'c 1:3', 'c 1:3 rwmr', 'c a:3 r', 'a']) {
    assert.throws(() => cgroupRules([bad]), { message: `invalid device cgroup rule format: '${bad}'` });
  }
});
