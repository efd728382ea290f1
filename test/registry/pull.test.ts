/**
 * The spec's pull, discovery, delete and referrers flows, in-process over HTTP: blob GET with
 * Range, manifest GET/HEAD with content negotiation, tag and catalog pagination with Link headers,
 * referrers with the artifactType filter, deletes (enabled and disabled).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, http, makeImage, pushBlob, pushImage, sha, startRegistry, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

describe('registry pull and discovery', { timeout: 60_000 }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry({ deleteEnabled: true });
  });
  after(async () => reg.close());

  it('serves byte ranges of a blob (206) and refuses unsatisfiable ones (416)', async () => {
    const blob = Buffer.from('0123456789');
    await pushBlob(reg.url, 'pull/range', blob);
    const url = `${reg.url}/v2/pull/range/blobs/${sha(blob)}`;
    const r = await http('GET', url, { headers: { Range: 'bytes=2-5' } });
    assert.equal(r.status, 206);
    assert.equal(r.body.toString(), '2345');
    assert.equal(r.headers.get('content-range'), 'bytes 2-5/10');
    const suffix = await http('GET', url, { headers: { Range: 'bytes=-3' } });
    assert.equal(suffix.body.toString(), '789');
    const bad = await http('GET', url, { headers: { Range: 'bytes=20-30' } });
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get('content-range'), 'bytes */10');
  });

  it('answers BLOB_UNKNOWN for a blob of another repository and for an absent one', async () => {
    const blob = Buffer.from('private to one repo');
    await pushBlob(reg.url, 'pull/owner', blob);
    const other = await http('GET', `${reg.url}/v2/pull/other/blobs/${sha(blob)}`);
    assert.equal(other.status, 404);
    assert.equal(errorCode(other), 'BLOB_UNKNOWN');
    const head = await http('HEAD', `${reg.url}/v2/pull/owner/blobs/${sha('absent')}`);
    assert.equal(head.status, 404);
  });

  it('serves a manifest by tag and digest with its type, digest and length; HEAD has no body', async () => {
    const img = makeImage();
    await pushImage(reg.url, 'pull/img', img, 'latest');
    for (const ref of ['latest', img.digest]) {
      const r = await http('GET', `${reg.url}/v2/pull/img/manifests/${ref}`, { headers: { Accept: OCI_MANIFEST } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, img.manifest);
      assert.equal(r.headers.get('content-type'), OCI_MANIFEST);
      assert.equal(r.headers.get('docker-content-digest'), img.digest);
    }
    const head = await http('HEAD', `${reg.url}/v2/pull/img/manifests/latest`);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(img.manifest.length));
    assert.equal(head.body.length, 0);
    const missing = await http('GET', `${reg.url}/v2/pull/img/manifests/nope`);
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing), 'MANIFEST_UNKNOWN');
    const noRepo = await http('GET', `${reg.url}/v2/pull/none/manifests/latest`);
    assert.equal(errorCode(noRepo), 'NAME_UNKNOWN');
  });

  it('negotiates: Docker types, manifest lists, and an OCI manifest a Docker-only client cannot take', async () => {
    const img = makeImage();
    const docker = Buffer.from(img.manifest.toString().replace(OCI_MANIFEST, DOCKER_MANIFEST));
    await pushImage(reg.url, 'pull/neg', img, 'oci');
    const put = await http('PUT', `${reg.url}/v2/pull/neg/manifests/docker`, { headers: { 'Content-Type': DOCKER_MANIFEST }, body: docker });
    assert.equal(put.status, 201);
    const list = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: DOCKER_LIST,
      manifests: [{ mediaType: DOCKER_MANIFEST, digest: sha(docker), size: docker.length, platform: { os: 'linux', architecture: 'amd64' } }],
    }));
    assert.equal((await http('PUT', `${reg.url}/v2/pull/neg/manifests/list`, { headers: { 'Content-Type': DOCKER_LIST }, body: list })).status, 201);
    const both = await http('GET', `${reg.url}/v2/pull/neg/manifests/list`, { headers: { Accept: `${DOCKER_LIST}, ${DOCKER_MANIFEST}` } });
    assert.equal(both.headers.get('content-type'), DOCKER_LIST);
    const old = await http('GET', `${reg.url}/v2/pull/neg/manifests/list`, { headers: { Accept: DOCKER_MANIFEST } });
    assert.equal(old.status, 200);
    assert.equal(old.headers.get('content-type'), DOCKER_MANIFEST);
    assert.equal(old.headers.get('docker-content-digest'), sha(docker));
    const refuse = await http('GET', `${reg.url}/v2/pull/neg/manifests/oci`, { headers: { Accept: DOCKER_MANIFEST } });
    assert.equal(refuse.status, 404);
    assert.equal(errorCode(refuse), 'MANIFEST_UNKNOWN');
    const any = await http('GET', `${reg.url}/v2/pull/neg/manifests/oci`, { headers: { Accept: '*/*' } });
    assert.equal(any.headers.get('content-type'), OCI_MANIFEST);
  });

  it('lists tags with n/last pagination and a Link header; n=0 gives an empty list', async () => {
    const img = makeImage();
    await pushImage(reg.url, 'pull/tags', img, 'a');
    for (const t of ['c', 'b', 'D', 'e']) {
      await http('PUT', `${reg.url}/v2/pull/tags/manifests/${t}`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
    }
    const all = await http('GET', `${reg.url}/v2/pull/tags/tags/list`);
    assert.deepEqual(all.json().tags, ['D', 'a', 'b', 'c', 'e']);
    const p1 = await http('GET', `${reg.url}/v2/pull/tags/tags/list?n=2`);
    assert.deepEqual(p1.json().tags, ['D', 'a']);
    assert.equal(p1.headers.get('link'), '</v2/pull/tags/tags/list?n=2&last=a>; rel="next"');
    const p2 = await http('GET', `${reg.url}/v2/pull/tags/tags/list?n=2&last=a`);
    assert.deepEqual(p2.json().tags, ['b', 'c']);
    const p3 = await http('GET', `${reg.url}/v2/pull/tags/tags/list?n=2&last=c`);
    assert.deepEqual(p3.json().tags, ['e']);
    assert.equal(p3.headers.get('link'), null);
    const zero = await http('GET', `${reg.url}/v2/pull/tags/tags/list?n=0`);
    assert.deepEqual(zero.json().tags, []);
    assert.equal(zero.headers.get('link'), null);
    const bad = await http('GET', `${reg.url}/v2/pull/tags/tags/list?n=-1`);
    assert.equal(errorCode(bad), 'PAGINATION_NUMBER_INVALID');
  });

  it('lists the catalog with pagination', async () => {
    const all = (await http('GET', `${reg.url}/v2/_catalog`)).json().repositories as string[];
    assert.ok(all.includes('pull/img') && all.includes('pull/tags'));
    assert.deepEqual(all, [...all].sort());
    const p1 = await http('GET', `${reg.url}/v2/_catalog?n=2`);
    assert.deepEqual(p1.json().repositories, all.slice(0, 2));
    assert.equal(p1.headers.get('link'), `</v2/_catalog?n=2&last=${encodeURIComponent(all[1]!)}>; rel="next"`);
    const p2 = await http('GET', `${reg.url}/v2/_catalog?n=2&last=${all[1]}`);
    assert.deepEqual(p2.json().repositories, all.slice(2, 4));
  });

  it('lists referrers with artifactType and annotations, filters them, and answers OCI-Subject', async () => {
    const img = makeImage();
    await pushImage(reg.url, 'pull/ref', img, 'v1');
    const empty = Buffer.from('{}');
    await pushBlob(reg.url, 'pull/ref', empty);
    const artifact = (type: string) => Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: type,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha(empty), size: 2 },
      layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: sha(empty), size: 2 }],
      subject: { mediaType: OCI_MANIFEST, digest: img.digest, size: img.manifest.length },
      annotations: { 'org.example.kind': type },
    }));
    const sbom = artifact('application/vnd.example.sbom');
    const sig = artifact('application/vnd.example.sig');
    for (const a of [sbom, sig]) {
      const r = await http('PUT', `${reg.url}/v2/pull/ref/manifests/${sha(a)}`, { headers: { 'Content-Type': OCI_MANIFEST }, body: a });
      assert.equal(r.status, 201);
      assert.equal(r.headers.get('oci-subject'), img.digest);
    }
    const all = await http('GET', `${reg.url}/v2/pull/ref/referrers/${img.digest}`);
    assert.equal(all.status, 200);
    assert.equal(all.headers.get('content-type'), OCI_INDEX);
    const body = all.json();
    assert.equal(body.mediaType, OCI_INDEX);
    assert.deepEqual(body.manifests.map((m: { digest: string }) => m.digest).sort(), [sha(sbom), sha(sig)].sort());
    const one = body.manifests.find((m: { digest: string }) => m.digest === sha(sbom));
    assert.deepEqual(one, { mediaType: OCI_MANIFEST, digest: sha(sbom), size: sbom.length, artifactType: 'application/vnd.example.sbom', annotations: { 'org.example.kind': 'application/vnd.example.sbom' } });
    const filtered = await http('GET', `${reg.url}/v2/pull/ref/referrers/${img.digest}?artifactType=application/vnd.example.sig`);
    assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
    assert.deepEqual(filtered.json().manifests.map((m: { digest: string }) => m.digest), [sha(sig)]);
    const none = await http('GET', `${reg.url}/v2/pull/ref/referrers/${sha('nothing')}`);
    assert.deepEqual(none.json().manifests, []);
    const bad = await http('GET', `${reg.url}/v2/pull/ref/referrers/sha256:xyz`);
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad), 'DIGEST_INVALID');
    await http('DELETE', `${reg.url}/v2/pull/ref/manifests/${sha(sig)}`);
    const after = await http('GET', `${reg.url}/v2/pull/ref/referrers/${img.digest}`);
    assert.deepEqual(after.json().manifests.map((m: { digest: string }) => m.digest), [sha(sbom)]);
  });

  it('deletes a tag, a manifest (and its tags) and a blob link with 202', async () => {
    const img = makeImage();
    await pushImage(reg.url, 'pull/del', img, 'one');
    await http('PUT', `${reg.url}/v2/pull/del/manifests/two`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
    assert.equal((await http('DELETE', `${reg.url}/v2/pull/del/manifests/one`)).status, 202);
    assert.equal((await http('GET', `${reg.url}/v2/pull/del/manifests/one`)).status, 404);
    assert.equal((await http('GET', `${reg.url}/v2/pull/del/manifests/two`)).status, 200);
    assert.equal((await http('DELETE', `${reg.url}/v2/pull/del/manifests/${img.digest}`)).status, 202);
    const gone = await http('GET', `${reg.url}/v2/pull/del/manifests/two`);
    assert.equal(errorCode(gone), 'MANIFEST_UNKNOWN');
    assert.equal(errorCode(await http('DELETE', `${reg.url}/v2/pull/del/manifests/${img.digest}`)), 'MANIFEST_UNKNOWN');
    const layer = sha(img.layers[0]!);
    assert.equal((await http('DELETE', `${reg.url}/v2/pull/del/blobs/${layer}`)).status, 202);
    assert.equal((await http('HEAD', `${reg.url}/v2/pull/del/blobs/${layer}`)).status, 404);
    assert.equal(errorCode(await http('DELETE', `${reg.url}/v2/pull/del/blobs/${layer}`)), 'BLOB_UNKNOWN');
  });
});

describe('registry with deletes disabled (the default)', { timeout: 30_000 }, () => {
  it('refuses deletes with 405 UNSUPPORTED', async () => {
    const reg = await startRegistry();
    try {
      const img = makeImage();
      await pushImage(reg.url, 'nodel/img', img, 'v1');
      for (const path of [`manifests/v1`, `manifests/${img.digest}`, `blobs/${sha(img.config)}`]) {
        const r = await http('DELETE', `${reg.url}/v2/nodel/img/${path}`);
        assert.equal(r.status, 405);
        assert.equal(errorCode(r), 'UNSUPPORTED');
      }
      assert.equal((await http('GET', `${reg.url}/v2/nodel/img/manifests/v1`)).status, 200);
    } finally {
      await reg.close();
    }
  });
});
