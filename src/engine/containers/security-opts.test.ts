import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSecurityOpts } from './security-opts.js';
import { resolveRuntime } from './runtime-name.js';

test('security options: moby\'s accepted keys and separators, its two messages (asked of Docker 20.10)', () => {
  checkSecurityOpts(['no-new-privileges', 'no-new-privileges=false', 'no-new-privileges:1', 'label=disable', 'label:user:x', 'apparmor=unconfined', 'seccomp={"a":1}']);
  checkSecurityOpts(null);
  assert.throws(() => checkSecurityOpts(['bogus']), { message: 'invalid --security-opt 1: "bogus"', code: 'INTERNAL' });
  assert.throws(() => checkSecurityOpts(['label=disable', 'systempaths=unconfined']), { message: 'invalid --security-opt 2: "systempaths=unconfined"' });
  assert.throws(() => checkSecurityOpts(['no-new-privileges=yes']), { message: 'invalid --security-opt 2: "no-new-privileges=yes"' });
});

test('runtime names: runc and containerd\'s shim name, empty stored as runc, others Docker\'s message', () => {
  assert.equal(resolveRuntime({}).Runtime, 'runc');
  assert.equal(resolveRuntime({ Runtime: '' }).Runtime, 'runc');
  assert.equal(resolveRuntime({ Runtime: 'io.containerd.runc.v2' }).Runtime, 'io.containerd.runc.v2');
  assert.throws(() => resolveRuntime({ Runtime: 'crun' }), { message: 'Unknown runtime specified crun', code: 'INVALID_ARGUMENT' });
});
