/**
 * `/v1/search` for `docker search` (names and descriptions from labels), and the pull-through
 * cache mode: a second registry mirrors an authenticated upstream, keeps serving its cache when the
 * upstream is gone, and refuses pushes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { errorCode, http, makeImage, pushBlob, pushImage, sha, startRegistry, tempDir, writeHtpasswd } from './helpers.js';

describe('search', { timeout: 60_000 }, () => {
  it('answers /v1/_ping and /v1/search from the catalog and image labels', async () => {
    const reg = await startRegistry();
    try {
      await pushImage(reg.url, 'team/webserver', makeImage({ labels: { 'org.opencontainers.image.description': 'A tiny HTTP server' } }), 'latest');
      await pushImage(reg.url, 'team/db', makeImage({ labels: { description: 'Key-value database' } }), '1.0');
      await pushImage(reg.url, 'other/tool', makeImage(), 'latest');
      const ping = await http('GET', `${reg.url}/v1/_ping`);
      assert.equal(ping.status, 200);
      assert.equal(ping.headers.get('x-docker-registry-standalone'), 'true');
      const byName = await http('GET', `${reg.url}/v1/search?q=team&n=25`);
      assert.equal(byName.status, 200);
      const body = byName.json();
      assert.equal(body.num_results, 2);
      assert.equal(body.query, 'team');
      assert.deepEqual(body.results, [
        { name: 'team/db', description: 'Key-value database', star_count: 0, is_official: false, is_automated: false },
        { name: 'team/webserver', description: 'A tiny HTTP server', star_count: 0, is_official: false, is_automated: false },
      ]);
      const byDescription = await http('GET', `${reg.url}/v1/search?q=HTTP`);
      assert.deepEqual(byDescription.json().results.map((r: { name: string }) => r.name), ['team/webserver']);
      const paged = await http('GET', `${reg.url}/v1/search?q=&n=1&page=2`);
      assert.equal(paged.json().num_results, 3);
      assert.deepEqual(paged.json().results.map((r: { name: string }) => r.name), ['team/db']);
      assert.equal(errorCode(await http('GET', `${reg.url}/v1/search?q=x&n=0`)), 'PAGINATION_NUMBER_INVALID');
      // a new push changes the description
      await pushImage(reg.url, 'team/db', makeImage({ labels: { description: 'Now with SQL' } }), 'latest');
      assert.equal((await http('GET', `${reg.url}/v1/search?q=team/db`)).json().results[0].description, 'Now with SQL');
    } finally {
      await reg.close();
    }
  });
});

describe('pull-through cache', { timeout: 60_000 }, () => {
  it('mirrors an authenticated upstream, serves its cache when the upstream is down, and refuses pushes', async () => {
    const t = await tempDir();
    await writeHtpasswd(join(t.dir, 'htpasswd'), { mirror: 'pw' });
    let upstreamLog = '';
    const logStream = new PassThrough().on('data', (c: Buffer) => (upstreamLog += c.toString()));
    const upstream = await startRegistry({ logLevel: 'debug', token: { service: 'up', issuer: 'up', expirationMs: 60_000, htpasswd: join(t.dir, 'htpasswd') } }, { logStream });
    const upstreamCalls = (method: string, path: string) => upstreamLog.split('\n').filter((l) => l.includes(`method="${method}" url="${path}" status=200`)).length;
    const open = await startRegistry();
    const img = makeImage();
    await pushImage(open.url, 'lib/app', img, 'v1');
    // seed the authenticated upstream through its own token flow
    const tok = (await http('GET', `${upstream.url}/auth/token?service=up&scope=repository:lib/app:pull,push`, { headers: { Authorization: `Basic ${Buffer.from('mirror:pw').toString('base64')}` } })).json().token;
    const auth = { Authorization: `Bearer ${tok}` };
    for (const b of [img.config, ...img.layers]) {
      assert.equal((await http('POST', `${upstream.url}/v2/lib/app/blobs/uploads/?digest=${sha(b)}`, { headers: auth, body: b })).status, 201);
    }
    assert.equal((await http('PUT', `${upstream.url}/v2/lib/app/manifests/v1`, { headers: { ...auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: img.manifest })).status, 201);
    await open.close();
    const cache = await startRegistry({ proxy: { remoteUrl: upstream.url, username: 'mirror', password: 'pw' } });
    try {
      const m = await http('GET', `${cache.url}/v2/lib/app/manifests/v1`);
      assert.equal(m.status, 200);
      assert.equal(m.headers.get('docker-content-digest'), img.digest);
      const layer = await http('GET', `${cache.url}/v2/lib/app/blobs/${sha(img.layers[0]!)}`);
      assert.equal(layer.status, 200);
      assert.deepEqual(layer.body, img.layers[0]);
      assert.equal(errorCode(await http('GET', `${cache.url}/v2/lib/app/manifests/nope`)), 'MANIFEST_UNKNOWN');
      // a second pull by tag checks the tag with a HEAD and serves the cached manifest
      assert.equal((await http('GET', `${cache.url}/v2/lib/app/manifests/v1`)).status, 200);
      assert.equal(upstreamCalls('GET', '/v2/lib/app/manifests/v1'), 1);
      assert.equal(upstreamCalls('HEAD', '/v2/lib/app/manifests/v1'), 2);
      const push = await pushBlob(cache.url, 'lib/app', Buffer.from('x'));
      assert.equal(push.status, 405);
      assert.equal(errorCode(push), 'UNSUPPORTED');
      await upstream.close();
      const cached = await http('GET', `${cache.url}/v2/lib/app/manifests/v1`);
      assert.equal(cached.status, 200);
      assert.deepEqual(cached.body, img.manifest);
      assert.deepEqual((await http('GET', `${cache.url}/v2/lib/app/blobs/${sha(img.layers[0]!)}`)).body, img.layers[0]);
      // never fetched, upstream gone: unknown, not a server error
      assert.equal(errorCode(await http('GET', `${cache.url}/v2/lib/app/blobs/${sha(img.config)}`)), 'BLOB_UNKNOWN');
    } finally {
      await cache.close();
      await t.cleanup();
    }
  });
});
