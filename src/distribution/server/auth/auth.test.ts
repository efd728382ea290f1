import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { decodeBasic, parseScopes, scopeString } from './access.js';
import { Htpasswd, HtpasswdError, parseHtpasswd } from './htpasswd.js';
import { TokenService, covers } from './token.js';

const cfg = { service: 'svc', issuer: 'iss', expirationMs: 60_000, htpasswd: '/dev/null', secret: 'k' };

describe('registry auth', () => {
  it('parses scopes, including names with slashes and several scopes in one value', () => {
    assert.deepEqual(parseScopes('repository:a/b:pull,push registry:catalog:*'), [
      { type: 'repository', name: 'a/b', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
    assert.deepEqual(parseScopes('junk nothing:x:y repository:only'), []);
    assert.equal(scopeString({ type: 'repository', name: 'x', actions: ['pull'] }), 'repository:x:pull');
    assert.deepEqual(decodeBasic(Buffer.from('u:p:q').toString('base64')), { user: 'u', password: 'p:q' });
    assert.equal(decodeBasic(Buffer.from('nocolon').toString('base64')), undefined);
  });

  it('signs and verifies tokens; rejects tampering, expiry and another service', () => {
    const svc = new TokenService(cfg);
    const access = [{ type: 'repository' as const, name: 'a', actions: ['pull'] }];
    const { token } = svc.sign('alice', access, 1_000_000_000_000);
    assert.deepEqual(svc.verify(token, 1_000_000_001_000)?.access, access);
    assert.equal(svc.verify(token, 1_000_000_000_000 + 61_000), undefined, 'expired');
    assert.equal(svc.verify(token.slice(0, -2) + 'xx', 1_000_000_001_000), undefined, 'bad signature');
    assert.equal(new TokenService({ ...cfg, service: 'other' }).verify(token, 1_000_000_001_000), undefined);
    assert.equal(new TokenService({ ...cfg, secret: 'other' }).verify(token, 1_000_000_001_000), undefined);
  });

  it('checks that granted access covers what a request wants', () => {
    const g = [{ type: 'repository' as const, name: 'a', actions: ['pull', 'push'] }, { type: 'registry' as const, name: 'catalog', actions: ['*'] }];
    assert.equal(covers(g, [{ type: 'repository', name: 'a', actions: ['push'] }]), true);
    assert.equal(covers(g, [{ type: 'repository', name: 'a', actions: ['delete'] }]), false);
    assert.equal(covers(g, [{ type: 'repository', name: 'b', actions: ['pull'] }]), false);
    assert.equal(covers(g, [{ type: 'registry', name: 'catalog', actions: ['*'] }]), true);
    assert.equal(covers(g, []), true);
  });

  it('reads bcrypt htpasswd files ($2y$ too), refuses other hashes, and reloads on change', async () => {
    assert.throws(() => parseHtpasswd('bob:{SHA}abc\n'), HtpasswdError);
    const dir = await mkdtemp(join(tmpdir(), 'htp-'));
    try {
      const file = join(dir, 'htpasswd');
      await writeFile(file, `# users\nalice:${bcrypt.hashSync('pw1', 4).replace('$2b$', '$2y$')}\n`);
      const db = new Htpasswd(file);
      assert.equal(await db.verify('alice', 'pw1'), true);
      assert.equal(await db.verify('alice', 'pw2'), false);
      assert.equal(await db.verify('nobody', 'pw1'), false);
      await new Promise((r) => setTimeout(r, 20));
      await writeFile(file, `alice:${bcrypt.hashSync('pw2', 4)}\n`);
      assert.equal(await db.verify('alice', 'pw2'), true);
      assert.equal(await db.verify('alice', 'pw1'), false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
