import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidPlatformError, formatPlatform, parsePlatform, platformAccepts } from './platform.js';

const host = { os: 'linux', architecture: 'amd64' };

test('platform specifiers are parsed and normalised as containerd does', () => {
  const f = (s: string, osVersions = false) => formatPlatform(parsePlatform(s, { host, osVersions }));
  assert.deepEqual(['amd64', 'linux', 'LINUX/X86_64', 'aarch64', 'linux/arm64/v8', 'linux/armhf'].map((s) => f(s)),
    ['linux/amd64', 'linux/amd64', 'linux/amd64', 'linux/arm64', 'linux/arm64', 'linux/arm/v7']);
  assert.equal(f('linux/arm64/v8', true), 'linux/arm64/v8', 'the docker CLI keeps v8');
  assert.throws(() => parsePlatform('x/y/z/w'), InvalidPlatformError);
  assert.throws(() => parsePlatform('x/y/z/w'), /^Error: "x\/y\/z\/w": cannot parse platform specifier: invalid argument$/);
  assert.throws(() => parsePlatform('bogus!'), /is an invalid component of "bogus!": platform specifier component must match/);
  assert.throws(() => parsePlatform('bogus!', { osVersions: true }), /is an invalid OS component of "bogus!": OSAndVersion specifier/);
});

test('what a platform accepts: lower amd64 levels and 386, not another architecture', () => {
  const accepts = (want: string, image: { os: string; architecture: string; variant?: string }) => platformAccepts(parsePlatform(want, { host }), image);
  assert.equal(accepts('linux/amd64/v3', host), true);
  assert.equal(accepts('linux/amd64', { os: 'linux', architecture: '386' }), true);
  assert.equal(accepts('linux/386', host), false);
  assert.equal(accepts('linux/arm64', host), false);
  assert.equal(accepts('linux/arm64', { os: 'linux', architecture: 'arm', variant: 'v7' }), true);
  assert.equal(accepts('windows/amd64', host), false);
});
