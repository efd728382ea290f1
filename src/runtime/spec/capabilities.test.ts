import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capsFromMask, containerCapabilities, hostCapabilities } from './capabilities.js';
import { DEFAULT_CAPABILITIES } from './defaults.js';

test('capsFromMask reads a CapBnd mask in bit order', () => {
  assert.deepEqual(capsFromMask('0000000000000001'), ['CAP_CHOWN']);
  assert.deepEqual(capsFromMask('00000000a80425fb').sort(), [...DEFAULT_CAPABILITIES].sort(), "Docker's default set");
  assert.equal(hostCapabilities('Name:\tx\nCapBnd:\t0000000000000003\n').length > 0, true);
});

test('containerCapabilities follows Docker: drops, adds, ALL, privileged (bounded by what the host has)', () => {
  const host = ['CAP_CHOWN', 'CAP_KILL', 'CAP_SYS_ADMIN'];
  assert.deepEqual(containerCapabilities({ privileged: true }, host), host);
  assert.deepEqual(containerCapabilities({ drop: ['ALL'], add: ['chown'] }, host), ['CAP_CHOWN']);
  assert.deepEqual(containerCapabilities({ drop: ['ALL'], add: ['ALL'] }, host), host);
  const d = containerCapabilities({ drop: ['NET_RAW'], add: ['SYS_ADMIN'] }, host);
  assert.ok(!d.includes('CAP_NET_RAW') && d.includes('CAP_SYS_ADMIN') && d.includes('CAP_CHOWN'));
});
