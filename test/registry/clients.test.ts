/**
 * Real clients over real HTTPS with a test CA made by openssl: skopeo (push from an OCI layout,
 * inspect, pull back) and podman (pull, push with a cross-repo mount), without auth, with htpasswd
 * and with token auth, where a wrong password must fail.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { http, makeImage, makeTestCA, run, sha, startRegistry, tempDir, writeHtpasswd, writeOciIndexLayout, writeOciLayout, type TestImage, type TestRegistry } from './helpers.js';
import type { RegistryConfig } from '../../src/distribution/server/config.js';

interface Fixture {
  dir: string;
  ca: Awaited<ReturnType<typeof makeTestCA>>;
  img: TestImage;
  layout: string;
  htpasswd: string;
}

let fx: Fixture;
let cleanup: () => Promise<void>;

before(async () => {
  const t = await tempDir('wharf-clients-');
  cleanup = t.cleanup;
  const ca = await makeTestCA(t.dir);
  const img = makeImage({ files: { 'etc/motd': 'hello from a wharf test image\n' }, labels: { 'org.opencontainers.image.description': 'test image' } });
  await writeOciLayout(join(t.dir, 'oci'), img, 'v1');
  await writeHtpasswd(join(t.dir, 'htpasswd'), { alice: 'correct horse' });
  fx = { dir: t.dir, ca, img, layout: join(t.dir, 'oci'), htpasswd: join(t.dir, 'htpasswd') };
});
after(async () => cleanup());

async function https(extra: Partial<RegistryConfig> = {}): Promise<TestRegistry> {
  return startRegistry({ tls: { cert: fx.ca.cert, key: fx.ca.key }, ...extra });
}

/** podman with private storage and auth file, so tests never touch the host's images. */
async function podman(tag: string, args: string[]) {
  const base = join(fx.dir, `podman-${tag}`);
  const authFile = join(base, 'auth.json');
  await mkdir(base, { recursive: true });
  if (!existsSync(authFile)) await writeFile(authFile, '{}');
  const env = { ...process.env, REGISTRY_AUTH_FILE: authFile };
  return run('podman', ['--root', join(base, 'root'), '--runroot', join(base, 'run'), '--storage-driver', 'vfs', ...args], 180_000, env);
}

const ok = (r: { code: number; stderr: string; stdout: string }, what: string) => assert.equal(r.code, 0, `${what}: ${r.stderr}${r.stdout}`);

describe('skopeo and podman over HTTPS without auth', { timeout: 300_000 }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await https();
  });
  after(async () => reg.close());

  it('skopeo refuses the registry without the test CA (TLS is really verified)', async () => {
    const r = await run('skopeo', ['inspect', `docker://${reg.host}/none/x:v1`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /certificate|x509/i);
  });

  it('skopeo pushes an OCI layout, inspects it and pulls it back byte-identical', async () => {
    ok(await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, `oci:${fx.layout}:v1`, `docker://${reg.host}/clients/skopeo:v1`]), 'skopeo copy push');
    const inspect = await run('skopeo', ['inspect', '--cert-dir', fx.ca.certDir, `docker://${reg.host}/clients/skopeo:v1`]);
    ok(inspect, 'skopeo inspect');
    const info = JSON.parse(inspect.stdout);
    assert.equal(info.Digest, fx.img.digest);
    assert.deepEqual(info.Layers, [sha(fx.img.layers[0]!)]);
    assert.equal(info.Labels['org.opencontainers.image.description'], 'test image');
    const out = join(fx.dir, 'pulled');
    ok(await run('skopeo', ['copy', '--src-cert-dir', fx.ca.certDir, `docker://${reg.host}/clients/skopeo:v1`, `oci:${out}:v1`]), 'skopeo copy pull');
    const layer = await readFile(join(out, 'blobs', 'sha256', sha(fx.img.layers[0]!).slice(7)));
    assert.deepEqual(layer, fx.img.layers[0]);
    const tags = await run('skopeo', ['list-tags', '--cert-dir', fx.ca.certDir, `docker://${reg.host}/clients/skopeo`]);
    assert.deepEqual(JSON.parse(tags.stdout).Tags, ['v1']);
  });

  it('podman pulls what skopeo pushed and pushes it to another repository', async () => {
    const src = `${reg.host}/clients/skopeo:v1`;
    ok(await podman('plain', ['pull', '--cert-dir', fx.ca.certDir, src]), 'podman pull');
    ok(await podman('plain', ['tag', src, `${reg.host}/clients/podman:v2`]), 'podman tag');
    ok(await podman('plain', ['push', '--cert-dir', fx.ca.certDir, `${reg.host}/clients/podman:v2`]), 'podman push');
    const inspect = await run('skopeo', ['inspect', '--cert-dir', fx.ca.certDir, `docker://${reg.host}/clients/podman:v2`]);
    ok(inspect, 'skopeo inspect of the podman push');
    assert.equal(JSON.parse(inspect.stdout).Labels['org.opencontainers.image.description'], 'test image');
    ok(await podman('fresh', ['pull', '--cert-dir', fx.ca.certDir, `${reg.host}/clients/podman:v2`]), 'podman pull of the podman push');
  });
});

describe('multi-platform images and the pull-through cache with skopeo', { timeout: 300_000 }, () => {
  it('skopeo copies an OCI index with --all; the registry serves it and each platform', async () => {
    const reg = await https();
    try {
      const amd = makeImage({ files: { arch: 'amd64' } });
      const arm = makeImage({ files: { arch: 'arm64' } });
      const layout = join(fx.dir, 'multi');
      const indexDigest = await writeOciIndexLayout(layout, [{ img: amd, os: 'linux', architecture: 'amd64' }, { img: arm, os: 'linux', architecture: 'arm64' }], 'multi');
      ok(await run('skopeo', ['copy', '--all', '--dest-cert-dir', fx.ca.certDir, `oci:${layout}:multi`, `docker://${reg.host}/clients/multi:v1`]), 'skopeo copy --all');
      const raw = await run('skopeo', ['inspect', '--raw', '--cert-dir', fx.ca.certDir, `docker://${reg.host}/clients/multi:v1`]);
      ok(raw, 'inspect --raw');
      assert.equal(sha(raw.stdout.replace(/\n$/, '')), indexDigest, raw.stdout);
      const arm64 = await run('skopeo', ['inspect', '--override-arch', 'arm64', '--cert-dir', fx.ca.certDir, `docker://${reg.host}/clients/multi:v1`]);
      ok(arm64, 'inspect arm64');
      const info = JSON.parse(arm64.stdout);
      assert.equal(info.Digest, indexDigest, 'skopeo reports the digest the tag points at');
      assert.deepEqual(info.Layers, [sha(arm.layers[0]!)], 'and the layers of the arm64 image');
    } finally {
      await reg.close();
    }
  });

  it('skopeo pulls through a pull-through cache of an HTTPS upstream', async () => {
    const upstream = await https();
    const cache = await https({ proxy: { remoteUrl: upstream.url, caFile: fx.ca.ca } });
    try {
      ok(await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, `oci:${fx.layout}:v1`, `docker://${upstream.host}/mirror/img:v1`]), 'seed upstream');
      const out = join(fx.dir, 'via-cache');
      ok(await run('skopeo', ['copy', '--src-cert-dir', fx.ca.certDir, `docker://${cache.host}/mirror/img:v1`, `oci:${out}:v1`]), 'pull via cache');
      assert.deepEqual(await readFile(join(out, 'blobs', 'sha256', sha(fx.img.layers[0]!).slice(7))), fx.img.layers[0]);
      const push = await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, `oci:${fx.layout}:v1`, `docker://${cache.host}/mirror/img:v2`]);
      assert.notEqual(push.code, 0, 'a cache refuses pushes');
      await upstream.close();
      const offline = await run('skopeo', ['inspect', '--cert-dir', fx.ca.certDir, `docker://${cache.host}/mirror/img:v1`]);
      ok(offline, 'served from cache with the upstream gone');
      assert.equal(JSON.parse(offline.stdout).Digest, fx.img.digest);
    } finally {
      await cache.close();
      await upstream.close().catch(() => undefined);
    }
  });
});

describe('skopeo and podman over HTTPS with htpasswd auth', { timeout: 300_000 }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await https({ htpasswd: { path: fx.htpasswd, realm: 'wharf-test' } });
  });
  after(async () => reg.close());

  it('skopeo fails with a wrong password and succeeds with the right one', async () => {
    const dest = `docker://${reg.host}/basic/img:v1`;
    const bad = await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, '--dest-creds', 'alice:wrong', `oci:${fx.layout}:v1`, dest]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unauthorized|authentication required/i);
    ok(await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, '--dest-creds', 'alice:correct horse', `oci:${fx.layout}:v1`, dest]), 'skopeo push with creds');
  });

  it('podman login fails with a wrong password; with the right one it pulls', async () => {
    const bad = await podman('basic', ['login', '--cert-dir', fx.ca.certDir, '-u', 'alice', '-p', 'wrong', reg.host]);
    assert.notEqual(bad.code, 0);
    ok(await podman('basic', ['login', '--cert-dir', fx.ca.certDir, '-u', 'alice', '-p', 'correct horse', reg.host]), 'podman login');
    ok(await podman('basic', ['pull', '--cert-dir', fx.ca.certDir, `${reg.host}/basic/img:v1`]), 'podman pull with login');
  });
});

describe('skopeo and podman over HTTPS with token auth', { timeout: 300_000 }, () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await https({ token: { service: 'wharf-test', issuer: 'wharf-test', expirationMs: 300_000, htpasswd: fx.htpasswd } });
  });
  after(async () => reg.close());

  it('skopeo fails with a wrong password and pushes with the right one through the token issuer', async () => {
    const dest = `docker://${reg.host}/token/img:v1`;
    const bad = await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, '--dest-creds', 'alice:wrong', `oci:${fx.layout}:v1`, dest]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unauthorized|authentication required|401/i);
    ok(await run('skopeo', ['copy', '--dest-cert-dir', fx.ca.certDir, '--dest-creds', 'alice:correct horse', `oci:${fx.layout}:v1`, dest]), 'skopeo push with token');
    const anon = await run('skopeo', ['inspect', '--cert-dir', fx.ca.certDir, dest]);
    assert.notEqual(anon.code, 0);
  });

  it('podman logs in, pulls and pushes with tokens', async () => {
    const bad = await podman('token', ['login', '--cert-dir', fx.ca.certDir, '-u', 'alice', '-p', 'wrong', reg.host]);
    assert.notEqual(bad.code, 0);
    ok(await podman('token', ['login', '--cert-dir', fx.ca.certDir, '-u', 'alice', '-p', 'correct horse', reg.host]), 'podman login');
    ok(await podman('token', ['pull', '--cert-dir', fx.ca.certDir, `${reg.host}/token/img:v1`]), 'podman pull');
    ok(await podman('token', ['tag', `${reg.host}/token/img:v1`, `${reg.host}/token/copy:v2`]), 'podman tag');
    ok(await podman('token', ['push', '--cert-dir', fx.ca.certDir, `${reg.host}/token/copy:v2`]), 'podman push');
  });
});
