import assert from 'node:assert/strict';
import { X509Certificate, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { tempDir } from '../registry/helpers.js';
import { makeSigningCert } from './registry-certs.js';
import { TokenSigner, checkPassword, parseScopes } from './token-issuer.js';
import { answer, type TokenServerConfig } from './token-server.js';

test('parseScopes: several per value, names with colons (registry host:port), empty action lists kept', () => {
  assert.deepEqual(parseScopes(['repository:a/b:pull,push repository:localhost:5000/c:pull', 'registry:catalog:*', 'repository:d:', 'junk']), [
    { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
    { type: 'repository', name: 'localhost:5000/c', actions: ['pull'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
    { type: 'repository', name: 'd', actions: [] },
  ]);
});

test('checkPassword: only the exact password of a known user', () => {
  const users = { alice: 's3cret' };
  assert.equal(checkPassword(users, 'alice', 's3cret'), true);
  assert.equal(checkPassword(users, 'alice', 's3cre'), false);
  assert.equal(checkPassword(users, 'bob', 's3cret'), false);
  assert.equal(checkPassword(users, 'constructor', ''), false);
});

let dir: Awaited<ReturnType<typeof tempDir>>;
let cfg: TokenServerConfig;
let signer: TokenSigner;
before(async () => {
  dir = await tempDir('wharf-token-');
  const { cert, key } = await makeSigningCert(dir.dir);
  cfg = { issuer: 'iss', service: 'svc', users: { alice: 's3cret' }, signingKey: key, signingCert: cert };
  signer = new TokenSigner(cfg, readFileSync(key, 'utf8'), readFileSync(cert, 'utf8'));
});
after(() => dir.cleanup());

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

test('TokenSigner: RS256 over head.body, verifiable with the x5c certificate, claims as distribution reads them', () => {
  const { token } = signer.sign('alice', [{ type: 'repository', name: 'a', actions: ['pull'] }], 1_700_000_000_000);
  const [head, body, sig] = token.split('.') as [string, string, string];
  const h = decode(head);
  assert.deepEqual([h.typ, h.alg, h.x5c.length], ['JWT', 'RS256', 1]);
  const cert = new X509Certificate(Buffer.from(h.x5c[0], 'base64'));
  assert.equal(cert.fingerprint256, new X509Certificate(readFileSync(cfg.signingCert)).fingerprint256);
  assert.equal(verify('sha256', Buffer.from(`${head}.${body}`), cert.publicKey, Buffer.from(sig, 'base64url')), true);
  const c = decode(body);
  assert.deepEqual({ ...c, jti: typeof c.jti }, {
    iss: 'iss', sub: 'alice', aud: 'svc', iat: 1_700_000_000, nbf: 1_700_000_000, exp: 1_700_000_300, jti: 'string',
    access: [{ type: 'repository', name: 'a', actions: ['pull'] }],
  });
});

test('answer: anonymous → token without access; right creds → the scopes asked; wrong creds → 401; other service → 400', () => {
  const url = (q: string) => new URL(`http://x/token?${q}`);
  const claims = (r: ReturnType<typeof answer>) => decode((r.body as { token: string }).token.split('.')[1]!);
  const anon = answer(cfg, signer, 'GET', url('service=svc&scope=repository:a:pull'));
  assert.equal(anon.status, 200);
  assert.deepEqual([claims(anon).sub, claims(anon).access], ['', []]);
  const ok = answer(cfg, signer, 'GET', url('service=svc&scope=repository:a:pull,push'), basic('alice', 's3cret'));
  assert.deepEqual(claims(ok).access, [{ type: 'repository', name: 'a', actions: ['pull', 'push'] }]);
  const wrong = answer(cfg, signer, 'GET', url('service=svc'), basic('alice', 'nope'));
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers?.['WWW-Authenticate'], 'Basic realm="wharf-test-token"');
  assert.equal(answer(cfg, signer, 'GET', url('service=other')).status, 400);
  assert.equal(answer(cfg, signer, 'POST', url('service=svc')).status, 404);
});
