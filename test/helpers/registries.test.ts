/**
 * Proves each registry fixture mode for real, with curl (run inside the namespace when there is one):
 * both servers × {host, netns} × {plain, TLS + htpasswd, token, TLS + token}, docker-registry's client
 * certificate check, the certs.d layout, and that stop() leaves no process and no temp dir behind.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createNetns, removeNetns } from '../../src/network/netns.js';
import { run } from '../registry/helpers.js';
import { type RegistryOptions, type RunningRegistry, startDockerRegistry, startWharfRegistry, writeCertsD } from './registries.js';

interface CurlReply { exit: number; status: number; headers: Record<string, string>; body: string; stderr: string }

/** `curl -sS -i …`, inside `netns` when given; the last header block is the reply's (skips `100 Continue`). */
async function curl(netns: string | undefined, args: string[]): Promise<CurlReply> {
  const argv = ['curl', '-sS', '-i', '--max-time', '10', ...args];
  const r = netns ? await run('nsenter', [`--net=${netns}`, '--', ...argv], 20_000) : await run(argv[0]!, argv.slice(1), 20_000);
  let rest = r.stdout;
  let head = '';
  while (rest.startsWith('HTTP/')) {
    const end = rest.indexOf('\r\n\r\n');
    head = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? '' : rest.slice(end + 4);
  }
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { exit: r.code, status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest, stderr: r.stderr };
}

/** Everything a check needs: where to run curl, and the flags that trust the registry's CA. */
interface Ctx { r: RunningRegistry; netns?: string; tlsArgs: string[] }

const REPO = 'fixture/test';

/** Pushes a fresh blob (POST, then PUT ?digest=) and checks it with HEAD; `auth` are extra curl args. */
async function pushBlob(c: Ctx, auth?: string[]): Promise<void> {
  const blob = `blob-${randomBytes(8).toString('hex')}`;
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const start = await curl(c.netns, [...c.tlsArgs, ...(auth ?? []), '-X', 'POST', `${c.r.url}/v2/${REPO}/blobs/uploads/`]);
  assert.equal(start.status, 202, start.body + start.stderr);
  const loc = new URL(start.headers.location!, c.r.url);
  loc.searchParams.set('digest', digest);
  const put = await curl(c.netns, [...c.tlsArgs, ...(auth ?? []), '-X', 'PUT', '-H', 'Content-Type: application/octet-stream', '--data-binary', blob, loc.href]);
  assert.equal(put.status, 201, put.body);
  const head = await curl(c.netns, [...c.tlsArgs, ...(auth ?? []), '-I', `${c.r.url}/v2/${REPO}/blobs/${digest}`]);
  assert.equal(head.status, 200);
  assert.equal(head.headers['docker-content-digest'], digest);
}

async function checkPlain(c: Ctx): Promise<void> {
  const base = await curl(c.netns, [`${c.r.url}/v2/`]);
  assert.equal(base.status, 200);
  assert.equal(base.headers['docker-distribution-api-version'], 'registry/2.0');
  await pushBlob(c);
  assert.ok(existsSync(c.r.root), 'the push landed in root');
}

/** TLS is real (curl without the CA refuses it) and Basic auth is checked. */
async function checkTlsBasic(c: Ctx, realm: string): Promise<void> {
  const untrusted = await curl(c.netns, [`${c.r.url}/v2/`]);
  assert.equal(untrusted.exit, 60, untrusted.stderr); // CURLE_PEER_FAILED_VERIFICATION
  const anon = await curl(c.netns, [...c.tlsArgs, `${c.r.url}/v2/`]);
  assert.equal(anon.status, 401);
  assert.equal(anon.headers['www-authenticate'], `Basic realm="${realm}"`);
  const wrong = await curl(c.netns, [...c.tlsArgs, '-u', 'alice:wrong', `${c.r.url}/v2/`]);
  assert.equal(wrong.status, 401);
  const right = await curl(c.netns, [...c.tlsArgs, '-u', 'alice:s3cret', `${c.r.url}/v2/`]);
  assert.equal(right.status, 200);
  await pushBlob(c, ['-u', 'alice:s3cret']);
}

async function fetchToken(c: Ctx, user?: string): Promise<{ reply: CurlReply; token?: string; claims?: { sub: string; access: unknown[] } }> {
  const t = c.r.token!;
  const url = `${t.realm}?service=${encodeURIComponent(t.service)}&scope=${encodeURIComponent(`repository:${REPO}:pull,push`)}`;
  const reply = await curl(c.netns, [...c.tlsArgs, ...(user ? ['-u', user] : []), url]);
  if (reply.status !== 200) return { reply };
  const body = JSON.parse(reply.body) as { token: string; access_token: string; expires_in: number; issued_at: string };
  assert.equal(body.access_token, body.token);
  assert.equal(body.expires_in, 300);
  assert.ok(!Number.isNaN(Date.parse(body.issued_at)));
  return { reply, token: body.token, claims: JSON.parse(Buffer.from(body.token.split('.')[1]!, 'base64url').toString('utf8')) };
}

/** The whole token dance: challenge, wrong creds, an anonymous token that is not enough, a push with a real one. */
async function checkToken(c: Ctx): Promise<void> {
  const t = c.r.token!;
  assert.equal(new URL(t.realm).protocol, new URL(c.r.url).protocol);
  const anon = await curl(c.netns, [...c.tlsArgs, `${c.r.url}/v2/`]);
  assert.equal(anon.status, 401);
  assert.equal(anon.headers['www-authenticate'], `Bearer realm="${t.realm}",service="${t.service}"`);
  assert.equal((await fetchToken(c, 'alice:wrong')).reply.status, 401);

  const weak = await fetchToken(c);
  assert.deepEqual([weak.claims?.sub, weak.claims?.access], ['', []]);
  const denied = await curl(c.netns, [...c.tlsArgs, '-H', `Authorization: Bearer ${weak.token}`, '-X', 'POST', `${c.r.url}/v2/${REPO}/blobs/uploads/`]);
  assert.equal(denied.status, 401);
  assert.match(denied.headers['www-authenticate'] ?? '', /error="insufficient_scope"/);

  const good = await fetchToken(c, 'alice:s3cret');
  assert.equal(good.claims?.sub, 'alice');
  // The registry checks signatures: good claims under another token's signature are refused.
  const forged = `${good.token!.slice(0, good.token!.lastIndexOf('.'))}${weak.token!.slice(weak.token!.lastIndexOf('.'))}`;
  const refused = await curl(c.netns, [...c.tlsArgs, '-H', `Authorization: Bearer ${forged}`, '-X', 'POST', `${c.r.url}/v2/${REPO}/blobs/uploads/`]);
  assert.equal(refused.status, 401);
  const bearer = ['-H', `Authorization: Bearer ${good.token}`];
  assert.equal((await curl(c.netns, [...c.tlsArgs, ...bearer, `${c.r.url}/v2/`])).status, 200);
  await pushBlob(c, bearer);
}

const USERS = { alice: 's3cret' };
const SERVERS = [
  { kind: 'wharf', start: startWharfRegistry, basicRealm: 'wharf-registry' },
  { kind: 'docker', start: startDockerRegistry, basicRealm: 'docker-registry' },
] as const;
const MODES: { name: string; opts: RegistryOptions; check: (c: Ctx, basicRealm: string) => Promise<void> }[] = [
  { name: 'plain HTTP', opts: {}, check: checkPlain },
  { name: 'TLS + htpasswd', opts: { tls: true, htpasswd: USERS }, check: checkTlsBasic },
  { name: 'token auth', opts: { token: { users: USERS } }, check: checkToken },
  { name: 'TLS + token auth', opts: { tls: true, token: { users: USERS } }, check: checkToken },
];

/** Stops `r` and checks that nothing is left: the process is gone, the temp dir (holding the CA) removed. */
async function stopAndCheck(r: RunningRegistry): Promise<void> {
  await r.stop();
  assert.throws(() => process.kill(r.pid, 0), { code: 'ESRCH' });
  assert.equal(existsSync(r.root), false);
  if (r.caFile) assert.equal(existsSync(r.caFile), false);
}

describe('registry fixtures', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'wharf-regfix-test-'));
  const netns = join(scratch, 'netns');

  before(async () => {
    await createNetns(netns);
    const up = await run('nsenter', [`--net=${netns}`, '--', 'ip', 'link', 'set', 'lo', 'up']);
    assert.equal(up.code, 0, up.stderr);
  });
  after(async () => {
    await removeNetns(netns);
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const s of SERVERS) {
    for (const where of ['host', 'netns'] as const) {
      for (const m of MODES) {
        test(`${s.kind} registry in ${where}: ${m.name}`, async () => {
          const ns = where === 'netns' ? netns : undefined;
          const r = await s.start({ ...m.opts, netns: ns });
          try {
            assert.equal(r.kind, s.kind);
            assert.match(r.host, /^127\.0\.0\.1:\d+$/);
            assert.equal(r.url, `${m.opts.tls ? 'https' : 'http'}://${r.host}`);
            if (ns) assert.equal(readlinkSync(`/proc/${r.pid}/ns/net`), `net:[${statSync(ns).ino}]`);
            await m.check({ r, netns: ns, tlsArgs: r.caFile ? ['--cacert', r.caFile] : [] }, s.basicRealm);
          } catch (e) {
            throw new Error(`${(e as Error).message}\n--- registry log ---\n${r.log()}`, { cause: e });
          } finally {
            await stopAndCheck(r);
          }
        });
      }
    }
  }

  test('docker registry with clientAuth: refuses a TLS client without the certificate, serves one with it', async () => {
    const r = await startDockerRegistry({ tls: true, clientAuth: true, netns });
    try {
      const without = await curl(netns, ['--cacert', r.caFile!, `${r.url}/v2/`]);
      assert.notEqual(without.exit, 0);
      assert.equal(without.status, 0);
      const withCert = await curl(netns, ['--cacert', r.caFile!, '--cert', r.client!.cert, '--key', r.client!.key, `${r.url}/v2/`]);
      assert.equal(withCert.status, 200, withCert.stderr);
    } finally {
      await stopAndCheck(r);
    }
  });

  test('writeCertsD: <dir>/<host>/ca.crt, client.cert, client.key, the client cert signed by the CA', async () => {
    const r = await startWharfRegistry({ tls: true });
    try {
      const hostDir = await writeCertsD(join(scratch, 'certs.d'), r.host, r.caFile!, r.client);
      assert.equal(hostDir, join(scratch, 'certs.d', r.host));
      assert.equal(readFileSync(join(hostDir, 'ca.crt'), 'utf8'), readFileSync(r.caFile!, 'utf8'));
      assert.equal(readFileSync(join(hostDir, 'client.key'), 'utf8'), readFileSync(r.client!.key, 'utf8'));
      const verify = await run('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', join(hostDir, 'ca.crt'), join(hostDir, 'client.cert')]);
      assert.equal(verify.code, 0, verify.stderr);
      const caOnly = await writeCertsD(join(scratch, 'certs.d-ca-only'), r.host, r.caFile!);
      assert.equal(existsSync(join(caOnly, 'client.cert')), false);
      const viaCertsD = await curl(undefined, ['--cacert', join(hostDir, 'ca.crt'), `${r.url}/v2/`]);
      assert.equal(viaCertsD.status, 200);
    } finally {
      await stopAndCheck(r);
    }
  });

  test('refuses options that cannot work', async () => {
    await assert.rejects(startDockerRegistry({ htpasswd: USERS, token: { users: USERS } }), /exclude each other/);
    await assert.rejects(startDockerRegistry({ clientAuth: true }), /needs tls/);
    await assert.rejects(startWharfRegistry({ tls: true, clientAuth: true }), /does not check client certificates/);
  });
});
