/**
 * Bad input, each with the spec's error code: wrong digests, out-of-order chunks, invalid names
 * (traversal, upper case), oversized and malformed manifests, manifests naming missing blobs,
 * foreign upload sessions, and the session cap.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, http, makeImage, pushBlob, pushImage, sha, startRegistry, type Reply, type TestRegistry } from './helpers.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** A request with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(base: string, path: string): Promise<Reply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body, json: () => JSON.parse(body.toString()) });
      });
    });
    r.on('error', reject);
    r.end();
  });
}

describe('registry bad input', { timeout: 60_000 }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry({ maxManifestBytes: 64 << 10 });
  });
  after(async () => reg.close());

  it('rejects a wrong digest on a monolithic upload, leaving no blob', async () => {
    const blob = Buffer.from('real content');
    const wrong = sha('other content');
    const r = await http('POST', `${reg.url}/v2/bad/digest/blobs/uploads/?digest=${wrong}`, { body: blob });
    assert.equal(r.status, 400);
    assert.equal(errorCode(r), 'DIGEST_INVALID');
    assert.equal((await http('HEAD', `${reg.url}/v2/bad/digest/blobs/${wrong}`)).status, 404);
    assert.equal((await http('HEAD', `${reg.url}/v2/bad/digest/blobs/${sha(blob)}`)).status, 404);
    assert.deepEqual(await readdir(join(reg.root, 'uploads')), []);
  });

  it('rejects a wrong digest when closing a chunked upload, and the session is gone', async () => {
    const loc = (await http('POST', `${reg.url}/v2/bad/digest/blobs/uploads/`)).headers.get('location')!;
    await http('PATCH', loc, { body: 'abc', headers: { 'Content-Range': '0-2' } });
    const put = await http('PUT', `${loc}?digest=${sha('abd')}`);
    assert.equal(errorCode(put), 'DIGEST_INVALID');
    assert.equal(errorCode(await http('GET', loc)), 'BLOB_UPLOAD_UNKNOWN');
  });

  it('leaves no session behind when a one-shot upload breaks off', async () => {
    const before = (await readdir(join(reg.root, 'uploads'))).length;
    const short = await new Promise<string>((resolve) => {
      const r = request(`${reg.url}/v2/bad/short/blobs/uploads/?digest=${sha('0123456789')}`, { method: 'POST', headers: { 'Content-Length': '10' } }, (res) => resolve(`status ${res.statusCode}`));
      r.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code}`));
      r.write('01234');
      setTimeout(() => r.destroy(), 100);
    });
    assert.match(short, /^error/);
    // The server notices the broken connection in its own time (later on a loaded machine).
    const deadline = Date.now() + 10_000;
    while ((await readdir(join(reg.root, 'uploads'))).length !== before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await readdir(join(reg.root, 'uploads'))).length, before);
  });

  it('rejects malformed and unsupported digests with DIGEST_INVALID', async () => {
    for (const d of ['sha256:xyz', 'md5:d41d8cd98f00b204e9800998ecf8427e', 'sha256:' + 'A'.repeat(64)]) {
      const r = await http('GET', `${reg.url}/v2/bad/digest/blobs/${d}`);
      assert.equal(r.status, 400, d);
      assert.equal(errorCode(r), 'DIGEST_INVALID', d);
    }
    const put = await http('PUT', `${reg.url}/v2/bad/digest/blobs/uploads/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`);
    assert.equal(errorCode(put), 'DIGEST_INVALID');
  });

  it('answers 416 with the current Range to an out-of-order chunk, and the upload resumes', async () => {
    const blob = Buffer.from('abcdefghij');
    const loc = (await http('POST', `${reg.url}/v2/bad/chunks/blobs/uploads/`)).headers.get('location')!;
    await http('PATCH', loc, { body: blob.subarray(0, 4), headers: { 'Content-Range': '0-3' } });
    const gap = await http('PATCH', loc, { body: blob.subarray(6), headers: { 'Content-Range': '6-9' } });
    assert.equal(gap.status, 416);
    assert.equal(gap.headers.get('range'), '0-3');
    assert.equal(gap.headers.get('location'), loc);
    const overlap = await http('PATCH', loc, { body: blob.subarray(2, 6), headers: { 'Content-Range': '2-5' } });
    assert.equal(overlap.status, 416);
    const status = await http('GET', loc);
    assert.equal(status.headers.get('range'), '0-3');
    const ok = await http('PATCH', loc, { body: blob.subarray(4), headers: { 'Content-Range': '4-9' } });
    assert.equal(ok.status, 202);
    assert.equal((await http('PUT', `${loc}?digest=${sha(blob)}`)).status, 201);
    const lateFinal = await http('POST', `${reg.url}/v2/bad/chunks/blobs/uploads/`);
    const put = await http('PUT', `${lateFinal.headers.get('location')}?digest=${sha(blob)}`, { body: blob, headers: { 'Content-Range': '3-12' } });
    assert.equal(put.status, 416);
  });

  it('rejects a chunk whose Content-Range disagrees with its length', async () => {
    const loc = (await http('POST', `${reg.url}/v2/bad/chunks/blobs/uploads/`)).headers.get('location')!;
    const r = await http('PATCH', loc, { body: 'abc', headers: { 'Content-Range': '0-9' } });
    assert.equal(r.status, 416);
    assert.equal((await http('GET', loc)).headers.get('range'), '0-0');
  });

  it('rejects invalid repository names: upper case, traversal, empty components', async () => {
    for (const path of ['/v2/Upper/case/tags/list', '/v2/a/../b/tags/list', '/v2/../etc/tags/list', '/v2/a//b/tags/list', '/v2/-a/tags/list', '/v2/a%2F..%2Fb/tags/list']) {
      const r = await rawGet(reg.url, path);
      assert.equal(r.status, 400, path);
      assert.equal(errorCode(r), 'NAME_INVALID', path);
    }
    const post = await http('POST', `${reg.url}/v2/UP/blobs/uploads/?digest=${sha('x')}`, { body: 'x' });
    assert.equal(errorCode(post), 'NAME_INVALID');
  });

  it('refuses an oversized manifest with 413, with or without Content-Length', async () => {
    const big = Buffer.from(JSON.stringify({ schemaVersion: 2, annotations: { pad: 'x'.repeat(70 << 10) } }));
    const r = await http('PUT', `${reg.url}/v2/bad/big/manifests/v1`, { headers: { 'Content-Type': OCI_MANIFEST }, body: big });
    assert.equal(r.status, 413);
    assert.equal(errorCode(r), 'MANIFEST_INVALID');
    const streamed = await fetch(`${reg.url}/v2/bad/big/manifests/v1`, {
      method: 'PUT', headers: { 'Content-Type': OCI_MANIFEST }, duplex: 'half',
      body: new ReadableStream({ start(c) { c.enqueue(new Uint8Array(big)); c.close(); } }),
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  it('rejects malformed manifests with MANIFEST_INVALID', async () => {
    const img = makeImage();
    await pushImage(reg.url, 'bad/manifest', img, 'ok');
    const good = JSON.parse(img.manifest.toString());
    const cases: [string, string][] = [
      ['not json', '{"schemaVersion":'],
      ['schema 1', JSON.stringify({ ...good, schemaVersion: 1 })],
      ['no config', JSON.stringify({ ...good, config: undefined })],
      ['bad layer digest', JSON.stringify({ ...good, layers: [{ ...good.layers[0], digest: 'sha256:zz' }] })],
      ['type mismatch', JSON.stringify({ ...good, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' })],
    ];
    for (const [what, body] of cases) {
      const r = await http('PUT', `${reg.url}/v2/bad/manifest/manifests/v2`, { headers: { 'Content-Type': OCI_MANIFEST }, body });
      assert.equal(r.status, 400, what);
      assert.equal(errorCode(r), 'MANIFEST_INVALID', what);
    }
    const tag = await http('PUT', `${reg.url}/v2/bad/manifest/manifests/.bad`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
    assert.equal(errorCode(tag), 'MANIFEST_INVALID');
    const wrongDigest = await http('PUT', `${reg.url}/v2/bad/manifest/manifests/${sha('x')}`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
    assert.equal(errorCode(wrongDigest), 'DIGEST_INVALID');
  });

  it('rejects manifests that reference missing blobs or manifests with MANIFEST_BLOB_UNKNOWN', async () => {
    const img = makeImage();
    await pushBlob(reg.url, 'bad/refs', img.config);
    const r = await http('PUT', `${reg.url}/v2/bad/refs/manifests/v1`, { headers: { 'Content-Type': OCI_MANIFEST }, body: img.manifest });
    assert.equal(r.status, 400);
    assert.equal(errorCode(r), 'MANIFEST_BLOB_UNKNOWN');
    assert.equal(r.json().errors[0].detail.digest, sha(img.layers[0]!));
    const elsewhere = makeImage();
    await pushImage(reg.url, 'bad/other', elsewhere, 'v1');
    const cross = await http('PUT', `${reg.url}/v2/bad/refs/manifests/v1`, { headers: { 'Content-Type': OCI_MANIFEST }, body: elsewhere.manifest });
    assert.equal(errorCode(cross), 'MANIFEST_BLOB_UNKNOWN');
    const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: OCI_MANIFEST, digest: elsewhere.digest, size: elsewhere.manifest.length }] });
    const idx = await http('PUT', `${reg.url}/v2/bad/refs/manifests/idx`, { headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }, body: index });
    assert.equal(errorCode(idx), 'MANIFEST_BLOB_UNKNOWN');
    assert.equal(errorCode(await http('GET', `${reg.url}/v2/bad/refs/manifests/v1`)), 'MANIFEST_UNKNOWN');
  });

  it('keeps upload sessions to their repository and refuses junk ids', async () => {
    const loc = (await http('POST', `${reg.url}/v2/bad/owner/blobs/uploads/`)).headers.get('location')!;
    const id = loc.split('/').at(-1)!;
    const foreign = await http('PATCH', `${reg.url}/v2/bad/thief/blobs/uploads/${id}`, { body: 'x' });
    assert.equal(errorCode(foreign), 'BLOB_UPLOAD_UNKNOWN');
    const junk = await http('GET', `${reg.url}/v2/bad/owner/blobs/uploads/not-a-session`);
    assert.equal(errorCode(junk), 'BLOB_UPLOAD_UNKNOWN');
  });

  it('answers unknown paths and methods with 404 and 405', async () => {
    assert.equal((await http('GET', `${reg.url}/nope`)).status, 404);
    const m = await http('POST', `${reg.url}/v2/bad/x/tags/list`);
    assert.equal(m.status, 405);
    assert.equal(errorCode(m), 'UNSUPPORTED');
  });
});

describe('registry limits and modes', { timeout: 30_000 }, () => {
  it('bounds open upload sessions with 429 TOOMANYREQUESTS', async () => {
    const reg = await startRegistry({ maxUploadSessions: 2 });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await http('POST', `${reg.url}/v2/lim/a/blobs/uploads/`)).status, 202);
      const third = await http('POST', `${reg.url}/v2/lim/a/blobs/uploads/`);
      assert.equal(third.status, 429);
      assert.equal(errorCode(third), 'TOOMANYREQUESTS');
      assert.ok(third.headers.get('retry-after'));
    } finally {
      await reg.close();
    }
  });

  it('refuses writes in read-only mode but serves reads', async () => {
    const reg = await startRegistry({ readOnly: true });
    try {
      const r = await pushBlob(reg.url, 'ro/a', Buffer.from('x'));
      assert.equal(r.status, 405);
      assert.equal(errorCode(r), 'UNSUPPORTED');
      assert.equal((await http('GET', `${reg.url}/v2/_catalog`)).status, 200);
    } finally {
      await reg.close();
    }
  });
});

describe('registry timeouts', { timeout: 30_000 }, () => {
  it('drops a stalled upload after the idle timeout and the session resumes from its last good offset', async () => {
    const reg = await startRegistry({ timeouts: { headersMs: 2000, idleMs: 300 } });
    try {
      const loc = (await http('POST', `${reg.url}/v2/slow/a/blobs/uploads/`)).headers.get('location')!;
      await http('PATCH', loc, { body: 'abc', headers: { 'Content-Range': '0-2' } });
      const started = Date.now();
      const outcome = await new Promise<string>((resolve) => {
        const r = request(loc, { method: 'PATCH', headers: { 'Content-Range': '3-12', 'Content-Length': '10' } }, (res) => resolve(`status ${res.statusCode}`));
        r.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code}`));
        r.write('def'); // then stall: 7 bytes never come
      });
      assert.match(outcome, /^error (ECONNRESET|EPIPE)$/);
      assert.ok(Date.now() - started < 5000);
      const status = await http('GET', loc);
      assert.equal(status.headers.get('range'), '0-2', 'the stalled chunk was rolled back');
      assert.equal((await http('PUT', `${loc}?digest=${sha('abcdef')}`, { body: 'def', headers: { 'Content-Range': '3-5' } })).status, 201);
    } finally {
      await reg.close();
    }
  });

  it('refuses digest algorithms other than sha256', async () => {
    const reg = await startRegistry();
    try {
      const r = await http('POST', `${reg.url}/v2/algo/a/blobs/uploads/?digest-algorithm=sha512`);
      assert.equal(r.status, 400);
      assert.equal(errorCode(r), 'DIGEST_INVALID');
    } finally {
      await reg.close();
    }
  });
});
