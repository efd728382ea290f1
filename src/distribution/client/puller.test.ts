import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Descriptor } from '../../oci/descriptor.js';
import type { Digest } from '../../oci/digest.js';
import { selectPlatform } from './puller.js';
import { splitSearchTerm } from './search.js';
import { serverDomain } from './client.js';

const entry = (architecture: string, variant?: string, os = 'linux'): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${architecture}${variant ?? ''}` as Digest, size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

test('platform selection: the exact platform, then a compatible one; attestations and other OSes never', () => {
  const list = [{ ...entry('unknown'), platform: { os: 'unknown', architecture: 'unknown' } }, entry('arm', 'v6'), entry('arm', 'v7'), entry('arm64', 'v8'), entry('amd64', undefined, 'windows'), entry('amd64')];
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'amd64' })?.platform?.os, 'linux');
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'arm', variant: 'v7' })?.platform?.variant, 'v7');
  assert.equal(selectPlatform(list, { os: 'linux', architecture: 'arm64' })?.platform?.architecture, 'arm64');
  assert.equal(selectPlatform([entry('arm', 'v6')], { os: 'linux', architecture: 'arm', variant: 'v7' })?.platform?.variant, 'v6', 'arm/v7 runs v6');
  assert.equal(selectPlatform([entry('arm64')], { os: 'linux', architecture: 's390x' }), undefined);
  assert.equal(selectPlatform([entry('amd64', undefined, 'windows')], { os: 'linux', architecture: 'amd64' }), undefined);
});

test('search terms: a first part with a dot, a colon or localhost names the index', () => {
  assert.deepEqual(splitSearchTerm('busybox'), { index: 'docker.io', term: 'busybox' });
  assert.deepEqual(splitSearchTerm('user/app'), { index: 'docker.io', term: 'user/app' });
  assert.deepEqual(splitSearchTerm('127.0.0.1:5000/app'), { index: '127.0.0.1:5000', term: 'app' });
  assert.deepEqual(splitSearchTerm('localhost/x'), { index: 'localhost', term: 'x' });
});

test('login server addresses: the Hub\'s spellings are docker.io; a scheme or path is dropped', () => {
  for (const s of ['', 'https://index.docker.io/v1/', 'docker.io', 'registry-1.docker.io', 'index.docker.io']) assert.equal(serverDomain(s), 'docker.io');
  assert.equal(serverDomain('http://127.0.0.1:5000/'), '127.0.0.1:5000');
  assert.equal(serverDomain('reg.example:5000'), 'reg.example:5000');
});
