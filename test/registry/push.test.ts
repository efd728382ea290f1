/**
 * The spec's push flows one by one, in-process over HTTP: monolithic POST, POST+PUT, chunked PATCH
 * with Content-Range and resumable status, cancel, cross-repo mount, manifest push by tag and digest.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, http, makeImage, pushBlob, pushImage, sha, startRegistry, type TestRegistry } from './helpers.js';

describe('registry push flows', { timeout: 60_000 }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry();
  });
  after(async () => reg.close());

  it('answers the /v2/ check with the API version header', async () => {
    const r = await http('GET', `${reg.url}/v2/`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('docker-distribution-api-version'), 'registry/2.0');
    assert.deepEqual(r.json(), {});
  });

  it('pushes a blob monolithically with a single POST', async () => {
    const blob = Buffer.from('monolithic single post');
    const r = await pushBlob(reg.url, 'flows/mono', blob);
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('docker-content-digest'), sha(blob));
    assert.equal(r.headers.get('location'), `${reg.url}/v2/flows/mono/blobs/${sha(blob)}`);
    const get = await http('GET', `${reg.url}/v2/flows/mono/blobs/${sha(blob)}`);
    assert.equal(get.status, 200);
    assert.deepEqual(get.body, blob);
    assert.equal(get.headers.get('content-length'), String(blob.length));
    assert.equal(get.headers.get('docker-content-digest'), sha(blob));
  });

  it('pushes with POST then PUT', async () => {
    const blob = Buffer.from('post then put body');
    const post = await http('POST', `${reg.url}/v2/flows/postput/blobs/uploads/`);
    assert.equal(post.status, 202);
    const loc = post.headers.get('location')!;
    assert.match(loc, /\/v2\/flows\/postput\/blobs\/uploads\/[0-9a-f-]{36}$/);
    assert.equal(post.headers.get('range'), '0-0');
    assert.ok(post.headers.get('docker-upload-uuid'));
    const put = await http('PUT', `${loc}?digest=${sha(blob)}`, { body: blob, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('docker-content-digest'), sha(blob));
    const head = await http('HEAD', `${reg.url}/v2/flows/postput/blobs/${sha(blob)}`);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(blob.length));
    assert.equal(head.body.length, 0);
  });

  it('pushes in chunks with Content-Range, reports status, and closes with an empty PUT', async () => {
    const blob = Buffer.from('0123456789abcdefghij');
    const post = await http('POST', `${reg.url}/v2/flows/chunked/blobs/uploads/`, { headers: { 'Content-Length': '0' } });
    let loc = post.headers.get('location')!;
    const p1 = await http('PATCH', loc, { body: blob.subarray(0, 8), headers: { 'Content-Range': '0-7', 'Content-Type': 'application/octet-stream' } });
    assert.equal(p1.status, 202);
    assert.equal(p1.headers.get('range'), '0-7');
    loc = p1.headers.get('location')!;
    const status = await http('GET', loc);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-7');
    assert.equal(status.headers.get('location'), loc);
    const p2 = await http('PATCH', loc, { body: blob.subarray(8), headers: { 'Content-Range': '8-19' } });
    assert.equal(p2.status, 202);
    assert.equal(p2.headers.get('range'), '0-19');
    const put = await http('PUT', `${loc}?digest=${sha(blob)}`);
    assert.equal(put.status, 201);
    const get = await http('GET', `${reg.url}/v2/flows/chunked/blobs/${sha(blob)}`);
    assert.deepEqual(get.body, blob);
  });

  it('takes the last chunk in the closing PUT', async () => {
    const blob = Buffer.from('first part|last part');
    const loc = (await http('POST', `${reg.url}/v2/flows/lastput/blobs/uploads/`)).headers.get('location')!;
    await http('PATCH', loc, { body: blob.subarray(0, 11), headers: { 'Content-Range': '0-10' } });
    const put = await http('PUT', `${loc}?digest=${sha(blob)}`, { body: blob.subarray(11), headers: { 'Content-Range': '11-19' } });
    assert.equal(put.status, 201);
    assert.deepEqual((await http('GET', `${reg.url}/v2/flows/lastput/blobs/${sha(blob)}`)).body, blob);
  });

  it('cancels an upload with DELETE; the session is then unknown', async () => {
    const loc = (await http('POST', `${reg.url}/v2/flows/cancel/blobs/uploads/`)).headers.get('location')!;
    await http('PATCH', loc, { body: 'abc', headers: { 'Content-Range': '0-2' } });
    const del = await http('DELETE', loc);
    assert.equal(del.status, 204);
    const again = await http('GET', loc);
    assert.equal(again.status, 404);
    assert.equal(errorCode(again), 'BLOB_UPLOAD_UNKNOWN');
  });

  it('mounts a blob from another repository (201) and falls back to an upload session (202) when it cannot', async () => {
    const blob = Buffer.from('mount me');
    await pushBlob(reg.url, 'flows/source', blob);
    const before = await http('HEAD', `${reg.url}/v2/flows/target/blobs/${sha(blob)}`);
    assert.equal(before.status, 404);
    const m = await http('POST', `${reg.url}/v2/flows/target/blobs/uploads/?mount=${sha(blob)}&from=flows/source`);
    assert.equal(m.status, 201);
    assert.equal(m.headers.get('location'), `${reg.url}/v2/flows/target/blobs/${sha(blob)}`);
    assert.equal(m.headers.get('docker-content-digest'), sha(blob));
    assert.equal((await http('HEAD', `${reg.url}/v2/flows/target/blobs/${sha(blob)}`)).status, 200);
    const miss = await http('POST', `${reg.url}/v2/flows/target2/blobs/uploads/?mount=${sha('nope')}&from=flows/source`);
    assert.equal(miss.status, 202);
    assert.ok(miss.headers.get('location')?.includes('/blobs/uploads/'));
  });

  it('pushes a manifest by tag and by digest, with Location and Docker-Content-Digest', async () => {
    const img = makeImage();
    const put = await pushImage(reg.url, 'flows/image', img, 'v1');
    assert.equal(put.status, 201);
    assert.equal(put.headers.get('docker-content-digest'), img.digest);
    assert.equal(put.headers.get('location'), `${reg.url}/v2/flows/image/manifests/${img.digest}`);
    const byDigest = await http('PUT', `${reg.url}/v2/flows/image/manifests/${img.digest}?tag=v2&tag=v3`, {
      headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: img.manifest,
    });
    assert.equal(byDigest.status, 201);
    assert.equal(byDigest.headers.get('oci-tag'), 'v2, v3');
    const tags = await http('GET', `${reg.url}/v2/flows/image/tags/list`);
    assert.deepEqual(tags.json(), { name: 'flows/image', tags: ['v1', 'v2', 'v3'] });
  });

  it('keeps two concurrent pushes of the same blob consistent', async () => {
    const blob = Buffer.alloc(3 << 20, 7);
    const rs = await Promise.all([1, 2, 3, 4].map((i) => pushBlob(reg.url, `flows/race${i % 2}`, blob)));
    assert.deepEqual(rs.map((r) => r.status), [201, 201, 201, 201]);
    for (const name of ['flows/race0', 'flows/race1']) {
      const get = await http('GET', `${reg.url}/v2/${name}/blobs/${sha(blob)}`);
      assert.equal(sha(get.body), sha(blob));
    }
  });
});
