import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authorizer, parseChallenge } from './auth.js';
import { Transport } from './transport.js';
import { RegistryUnauthorizedError } from './errors.js';

test('challenges: quoted and bare parameters, escapes, the scheme in lower case', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull,push"'), {
    scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'reg', scope: 'repository:a/b:pull,push' },
  });
  assert.deepEqual(parseChallenge('Basic realm="a \\"q\\" b", charset=UTF-8'), { scheme: 'basic', params: { realm: 'a "q" b', charset: 'UTF-8' } });
});

/** A token realm on loopback that records its requests. */
async function realm(answer: (req: IncomingMessage, body: string) => [number, unknown]) {
  const seen: Array<{ url: string; auth?: string; body: string; method: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url!, auth: req.headers.authorization, body, method: req.method! });
      const [status, doc] = answer(req, body);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(doc));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return { url, seen, close: () => new Promise((r) => server.close(r)) };
}

test('Bearer: one token fetch per scope set, with Basic credentials, service and account; cached after', async () => {
  const r = await realm(() => [200, { token: 'T1', expires_in: 300 }]);
  const transport = new Transport();
  try {
    const a = new Authorizer(transport, { verify: true }, { username: 'alice', password: 'pw' });
    a.learn({ headers: { 'www-authenticate': `Bearer realm="${r.url}",service="reg"` } });
    const [h1, h2] = await Promise.all([a.header(['repository:a:pull']), a.header(['repository:a:pull'])]);
    assert.equal(h1, 'Bearer T1');
    assert.equal(h2, 'Bearer T1');
    assert.equal(await a.header(['repository:a:pull']), 'Bearer T1');
    assert.equal(r.seen.length, 1, 'concurrent and later requests share one fetch');
    const u = new URL(r.seen[0]!.url, 'http://x');
    assert.deepEqual([u.searchParams.get('service'), u.searchParams.getAll('scope'), u.searchParams.get('account')], ['reg', ['repository:a:pull'], 'alice']);
    assert.equal(r.seen[0]!.auth, `Basic ${Buffer.from('alice:pw').toString('base64')}`);
    await a.header(['repository:b:pull,push']);
    assert.equal(r.seen.length, 2, 'another scope, another token');
  } finally {
    await transport.close();
    await r.close();
  }
});

test('an identity token is traded with the refresh_token grant; a refusal is an unauthorized error', async () => {
  const r = await realm((req, body) => (req.method === 'POST' && body.includes('refresh_token=ID') ? [200, { access_token: 'A' }] : [401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad token' }] }]));
  const transport = new Transport();
  try {
    const a = new Authorizer(transport, { verify: true }, { identitytoken: 'ID' });
    a.learn({ headers: { 'www-authenticate': `Bearer realm="${r.url}",service="reg"` } });
    assert.equal(await a.header(['repository:a:pull']), 'Bearer A');
    assert.match(r.seen[0]!.body, /grant_type=refresh_token/);
    const b = new Authorizer(transport, { verify: true }, { identitytoken: 'WRONG' });
    b.learn({ headers: { 'www-authenticate': `Bearer realm="${r.url}",service="reg"` } });
    await assert.rejects(b.header(['repository:a:pull']), (e: Error) => e instanceof RegistryUnauthorizedError && e.message === 'unauthorized: bad token');
  } finally {
    await transport.close();
    await r.close();
  }
});

test('Basic: credentials as they are; none at all is dockerd\'s "no basic auth credentials"', async () => {
  const transport = new Transport();
  const a = new Authorizer(transport, { verify: true }, { username: 'u', password: 'p' });
  a.learn({ headers: { 'www-authenticate': 'Basic realm="r"' } });
  assert.equal(await a.header([]), `Basic ${Buffer.from('u:p').toString('base64')}`);
  const none = new Authorizer(transport, { verify: true });
  none.learn({ headers: { 'www-authenticate': 'Basic realm="r"' } });
  await assert.rejects(none.header([]), { message: 'no basic auth credentials' });
  assert.equal(await new Authorizer(transport, { verify: true }).header([]), undefined, 'no challenge: no header');
});
