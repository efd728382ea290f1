/**
 * htpasswd (Basic) and token auth, in-process over HTTP: challenges, wrong passwords, scopes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { errorCode, http, pushBlob, sha, startRegistry, tempDir, writeHtpasswd, type TestRegistry } from './helpers.js';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('htpasswd Basic auth', { timeout: 60_000 }, () => {
  let reg: TestRegistry;
  let cleanup: () => Promise<void>;
  before(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    await writeHtpasswd(join(t.dir, 'htpasswd'), { alice: 's3cret', bob: 'hunter2' });
    reg = await startRegistry({ htpasswd: { path: join(t.dir, 'htpasswd'), realm: 'test-realm' } });
  });
  after(async () => {
    await reg.close();
    await cleanup();
  });

  it('challenges an anonymous request with 401 and a Basic realm', async () => {
    const r = await http('GET', `${reg.url}/v2/`);
    assert.equal(r.status, 401);
    assert.equal(errorCode(r), 'UNAUTHORIZED');
    assert.equal(r.headers.get('www-authenticate'), 'Basic realm="test-realm"');
    assert.equal(r.headers.get('docker-distribution-api-version'), 'registry/2.0');
  });

  it('rejects a wrong password and an unknown user', async () => {
    for (const h of [basic('alice', 'wrong'), basic('mallory', 's3cret'), 'Basic !!!']) {
      const r = await http('GET', `${reg.url}/v2/`, { headers: { Authorization: h } });
      assert.equal(r.status, 401, h);
      assert.equal(errorCode(r), 'UNAUTHORIZED');
    }
  });

  it('lets a right password push and pull', async () => {
    const blob = Buffer.from('authed');
    const auth = { Authorization: basic('bob', 'hunter2') };
    const r = await http('POST', `${reg.url}/v2/auth/a/blobs/uploads/?digest=${sha(blob)}`, { headers: auth, body: blob });
    assert.equal(r.status, 201);
    assert.equal((await http('GET', `${reg.url}/v2/auth/a/blobs/${sha(blob)}`, { headers: auth })).status, 200);
    assert.equal((await http('GET', `${reg.url}/v2/auth/a/blobs/${sha(blob)}`)).status, 401);
  });
});

describe('token auth with the built-in issuer', { timeout: 60_000 }, () => {
  let reg: TestRegistry;
  let cleanup: () => Promise<void>;
  before(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    await writeHtpasswd(join(t.dir, 'htpasswd'), { alice: 's3cret' });
    reg = await startRegistry({ token: { service: 'wharf-test', issuer: 'wharf-test-issuer', expirationMs: 60_000, htpasswd: join(t.dir, 'htpasswd') } });
  });
  after(async () => {
    await reg.close();
    await cleanup();
  });

  const token = async (auth: string | undefined, scope: string) => {
    const r = await http('GET', `${reg.url}/auth/token?service=wharf-test&scope=${encodeURIComponent(scope)}`, { headers: auth ? { Authorization: auth } : {} });
    return { status: r.status, token: r.status === 200 ? (r.json().token as string) : undefined, reply: r };
  };

  it('challenges with a Bearer realm, service and scope', async () => {
    const r = await http('GET', `${reg.url}/v2/tok/a/tags/list`);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), `Bearer realm="${reg.url}/auth/token",service="wharf-test",scope="repository:tok/a:pull"`);
  });

  it('refuses a token to a wrong password', async () => {
    const t = await token(basic('alice', 'nope'), 'repository:tok/a:pull,push');
    assert.equal(t.status, 401);
    assert.equal(errorCode(t.reply), 'UNAUTHORIZED');
  });

  it('gives anonymous callers a token without access, which the registry refuses', async () => {
    const t = await token(undefined, 'repository:tok/a:pull');
    assert.equal(t.status, 200);
    const r = await http('GET', `${reg.url}/v2/tok/a/tags/list`, { headers: { Authorization: `Bearer ${t.token}` } });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
  });

  it('accepts a scoped token for its repository only, and refuses a forged one', async () => {
    const t = await token(basic('alice', 's3cret'), 'repository:tok/a:pull,push');
    assert.equal(t.status, 200);
    const auth = { Authorization: `Bearer ${t.token}` };
    assert.equal((await http('POST', `${reg.url}/v2/tok/a/blobs/uploads/?digest=${sha('y')}`, { headers: auth, body: 'y' })).status, 201);
    assert.equal((await pushBlob(reg.url, 'tok/a', Buffer.from('x'))).status, 401);
    assert.equal((await http('GET', `${reg.url}/v2/tok/b/tags/list`, { headers: auth })).status, 401);
    const [h, , s] = t.token!.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'alice', access: [{ type: 'repository', name: 'tok/b', actions: ['pull'] }] })).toString('base64url')}.${s}`;
    assert.equal((await http('GET', `${reg.url}/v2/tok/b/tags/list`, { headers: { Authorization: `Bearer ${forged}` } })).status, 401);
  });

  it('needs registry:catalog:* for the catalog', async () => {
    const repoOnly = await token(basic('alice', 's3cret'), 'repository:tok/a:pull');
    assert.equal((await http('GET', `${reg.url}/v2/_catalog`, { headers: { Authorization: `Bearer ${repoOnly.token}` } })).status, 401);
    const cat = await token(basic('alice', 's3cret'), 'registry:catalog:*');
    const r = await http('GET', `${reg.url}/v2/_catalog`, { headers: { Authorization: `Bearer ${cat.token}` } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json().repositories, ['tok/a']);
  });
});
