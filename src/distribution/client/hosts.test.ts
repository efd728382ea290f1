import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidRegistryConfigError, RegistryHosts } from './hosts.js';

test('127.0.0.0/8 is insecure by default; others only when listed by name or CIDR', async () => {
  const h = new RegistryHosts({ insecure: ['reg.example:5000', '10.1.0.0/16'] });
  assert.equal(await h.insecure('127.0.0.1:5000'), true);
  assert.equal(await h.insecure('127.9.9.9'), true);
  assert.equal(await h.insecure('reg.example:5000'), true);
  assert.equal(await h.insecure('reg.example:5001'), false);
  assert.equal(await h.insecure('10.1.200.3:443'), true);
  assert.equal(await h.insecure('10.2.0.1'), false);
  assert.equal(await h.insecure('localhost:5000'), true, 'a name resolving into 127/8');
});

test('endpoints: HTTPS first, then HTTP for an insecure registry; docker.io goes to mirrors first', async () => {
  const h = new RegistryHosts({ mirrors: ['http://127.0.0.1:5555/', 'https://mirror.example'] });
  assert.deepEqual((await h.endpoints('127.0.0.1:5000')).map((e) => [e.base, e.tls.verify]), [['https://127.0.0.1:5000', false], ['http://127.0.0.1:5000', false]]);
  assert.deepEqual((await h.endpoints('ghcr.io')).map((e) => [e.base, e.tls.verify]), [['https://ghcr.io', true]]);
  assert.deepEqual((await h.endpoints('docker.io')).map((e) => [e.base, e.mirror]), [
    ['http://127.0.0.1:5555', true], ['https://mirror.example', true], ['https://registry-1.docker.io', false],
  ]);
});

test('bad settings are refused with dockerd\'s words', () => {
  assert.throws(() => new RegistryHosts({ insecure: ['http://x:5000'] }), { message: "insecure registry http://x:5000 should not contain '://'" });
  assert.throws(() => new RegistryHosts({ mirrors: ['ftp://m'] }), InvalidRegistryConfigError);
});

test('certs.d: *.crt join the system roots, *.cert/*.key make the client pair, a lone .cert is an error', () => {
  const root = mkdtempSync(join(tmpdir(), 'wharf-certsd-'));
  try {
    const dir = join(root, 'reg:5000');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ca.crt'), 'CA PEM');
    writeFileSync(join(dir, 'client.cert'), 'CERT PEM');
    writeFileSync(join(dir, 'client.key'), 'KEY PEM');
    const t = new RegistryHosts({ certDirs: [root] }).tls('reg:5000', false);
    assert.equal(t.verify, true);
    assert.equal(t.ca?.at(-1), 'CA PEM');
    assert.ok((t.ca?.length ?? 0) > 1, 'the system roots stay');
    assert.deepEqual([t.cert, t.key], ['CERT PEM', 'KEY PEM']);
    assert.deepEqual(new RegistryHosts({ certDirs: [root] }).tls('other:1', false), { verify: true });
    rmSync(join(dir, 'client.key'));
    assert.throws(() => new RegistryHosts({ certDirs: [root] }).tls('reg:5000', false), { message: 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
