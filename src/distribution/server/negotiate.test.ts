import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { acceptedTypes, accepts, fallbackChild } from './negotiate.js';
import type { Index } from '../../oci/manifest.js';

const OCI = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER = 'application/vnd.docker.distribution.manifest.v2+json';
const req = (accept?: string | string[]) => ({ headers: { accept } }) as unknown as IncomingMessage;

describe('manifest content negotiation', () => {
  it('reads one or many Accept headers without parameters', () => {
    assert.deepEqual(acceptedTypes(req(`${OCI}; q=0.9, ${DOCKER}`)), [OCI, DOCKER]);
    assert.deepEqual(acceptedTypes(req([OCI, DOCKER])), [OCI, DOCKER]);
    assert.deepEqual(acceptedTypes(req()), []);
  });

  it('accepts anything when no manifest type is named, else only the named ones', () => {
    assert.equal(accepts([], OCI), true);
    assert.equal(accepts(['application/json'], OCI), true);
    assert.equal(accepts(['*/*', DOCKER], OCI), true);
    assert.equal(accepts([DOCKER], OCI), false);
    assert.equal(accepts([DOCKER, OCI], OCI), true);
  });

  it('falls back to the linux/amd64 child of an index', () => {
    const index = { schemaVersion: 2, manifests: [
      { mediaType: DOCKER, digest: 'sha256:a', size: 1, platform: { os: 'linux', architecture: 'arm64' } },
      { mediaType: DOCKER, digest: 'sha256:b', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    ] } as unknown as Index;
    assert.equal(fallbackChild(index, [DOCKER])?.digest, 'sha256:b');
    assert.equal(fallbackChild(index, [OCI]), undefined);
  });
});
