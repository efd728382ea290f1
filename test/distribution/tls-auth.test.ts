/**
 * Trust and credentials through the docker CLI 28 against wharfd, with both registries (`wharf
 * registry serve` and Debian's docker-registry 2.8.2) in the daemon's network namespace:
 *
 * - TLS with a private CA. Docker (and Wharf) never verify 127.0.0.0/8, so the registries bind
 *   10.203.0.1, an address added to the namespace's lo: unknown authority without certs.d, trusted with
 *   `/etc/docker/certs.d/<host:port>/ca.crt` or `/etc/wharf/certs.d/…`; a client certificate pair
 *   (`client.cert`/`client.key`) for a docker-registry that demands one. 10.203.0.2 is listed in
 *   daemon.json's `insecure-registries`: there TLS is not verified at all and plain HTTP is tried after
 *   HTTPS, which a verified address refuses (`http: server gave HTTP response to HTTPS client`).
 * - htpasswd Basic auth and token auth: `docker login` with a wrong and a right password, push and pull
 *   with the stored credentials (`docker --config <temp dir>`), and what a client without them is told.
 * - push → rmi → pull keeps the image ID and RepoDigests.
 *
 * Expected messages are the reference Docker 20.10's where it could be asked (auth, against the same
 * registries on its own loopback); the x509 ones follow dockerd's Go wording (`Get "url": x509: …`).
 * certs.d trees are the real system paths: only `<host:port>` subdirs, unique per registry port, are
 * made, and removed after each test.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RunResult, type TestDaemon, startDaemon } from '../helpers/daemon.js';
import { type RegistryOptions, type RunningRegistry, startDockerRegistry, startWharfRegistry, writeCertsD } from '../helpers/registries.js';

/** Verified (outside 127/8) and insecure (daemon.json) registry addresses inside the daemon's namespace. */
const SECURE_IP = '10.203.0.1';
const INSECURE_IP = '10.203.0.2';
const DOCKER_CERTS = '/etc/docker/certs.d';
const WHARF_CERTS = '/etc/wharf/certs.d';
const USERS = { alice: 's3cret' };

let d: TestDaemon;
let tmp: string;
let imageId = '';
const registries: RunningRegistry[] = [];
const certDirs: string[] = [];
/** Parents of the certs.d subdirs that did not exist before this file made them (`/etc/wharf` on a fresh machine). */
const madeDirs = new Set<string>();

/** The docker CLI against wharfd with this file's own client config (credentials from `docker login`). */
const docker = (...args: string[]): Promise<RunResult> => d.docker(['--config', join(tmp, 'docker-config'), ...args], { timeout: 60_000 });

async function ok(...args: string[]): Promise<string> {
  const r = await docker(...args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** stderr without the CLI's warning about `-p`. */
const errText = (r: RunResult) => r.stderr.replace(/^WARNING! Using --password via the CLI is insecure\. Use --password-stdin\.\n/, '');

async function start(kind: 'wharf' | 'docker', o: RegistryOptions): Promise<RunningRegistry> {
  const r = await (kind === 'wharf' ? startWharfRegistry : startDockerRegistry)({ ...o, netns: d.netns });
  registries.push(r);
  return r;
}

/** `<root>/<host:port>/` with the registry's CA (and client pair); refuses to take over a dir someone else made. */
async function trust(root: string, r: RunningRegistry, o: { client?: boolean } = {}): Promise<string> {
  const dir = join(root, r.host);
  for (const parent of [root, dirname(root)]) if (!existsSync(parent)) madeDirs.add(parent);
  if (!certDirs.includes(dir)) {
    assert.ok(!existsSync(dir), `${dir} exists already`);
    certDirs.push(dir);
  }
  return writeCertsD(root, r.host, r.caFile!, o.client ? r.client : undefined);
}

function untrust(): void {
  for (const dir of certDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  // Deepest first; a parent someone else has put something in meanwhile stays.
  for (const dir of [...madeDirs].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(dir);
      madeDirs.delete(dir);
    } catch { /* not empty, or gone */ }
  }
}
process.once('exit', untrust); // system paths: not left behind even when the process dies of an uncaught error

/** After each test: its certs.d subdirs and registries go. */
async function release(): Promise<void> {
  untrust();
  for (const r of registries.splice(0)) await r.stop();
}

/** Tags busybox as `<host>/<repo>:t1`, pushes it; the pushed digest. */
async function push(r: RunningRegistry, repo: string): Promise<{ ref: string; digest: string }> {
  const ref = `${r.host}/${repo}:t1`;
  await ok('tag', 'busybox', ref);
  const out = await ok('push', ref);
  const m = /^t1: digest: (sha256:[a-f0-9]{64}) size: \d+$/m.exec(out);
  assert.ok(m, out);
  return { ref, digest: m[1]! };
}

/**
 * Removes the image (every tag), pulls it back and checks it is the same image with exactly the
 * pushed RepoDigest; then busybox is tagged again and the pulled tag removed.
 */
async function roundTrip(p: { ref: string; digest: string }): Promise<void> {
  await ok('rmi', p.ref, 'busybox');
  assert.equal((await docker('image', 'inspect', imageId)).code, 1, 'the image is gone before the pull');
  const pull = await ok('pull', p.ref);
  assert.match(pull, /^[a-f0-9]{12}: Pull complete$/m);
  assert.match(pull, new RegExp(`^Digest: ${p.digest}$`, 'm'));
  assert.match(pull, new RegExp(`^Status: Downloaded newer image for ${p.ref}$`, 'm'));
  const view = JSON.parse(await ok('image', 'inspect', p.ref))[0];
  assert.equal(view.Id, imageId);
  assert.deepEqual(view.RepoDigests, [`${p.ref.replace(/:t1$/, '')}@${p.digest}`]);
  await ok('tag', p.ref, 'busybox');
  await ok('rmi', p.ref);
}

before(async () => {
  tmp = mkdtempSync('/tmp/wharf-tls-auth-');
  writeFileSync(join(tmp, 'daemon.json'), JSON.stringify({ 'insecure-registries': [`${INSECURE_IP}/32`] }));
  d = await startDaemon(['--config-file', join(tmp, 'daemon.json')]);
  for (const ip of [SECURE_IP, INSECURE_IP]) {
    const add = await d.inNetns(['ip', 'addr', 'add', `${ip}/32`, 'dev', 'lo']);
    assert.equal(add.code, 0, add.stderr);
  }
  imageId = await d.importBusybox();
});

after(async () => {
  await release();
  await d?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

for (const kind of ['wharf', 'docker'] as const) {
  describe(`${kind} registry`, { timeout: 60_000 }, () => {
    afterEach(release);

    test('TLS with a private CA: unknown authority without certs.d; trusted from /etc/docker/certs.d and /etc/wharf/certs.d', async () => {
      const r = await start(kind, { tls: true, bind: SECURE_IP });
      const unknown = `Get "${r.url}/v2/": x509: certificate signed by unknown authority`;
      const pull = await docker('pull', `${r.host}/tls/bb:t1`);
      assert.equal(pull.code, 1);
      assert.equal(pull.stderr, `Error response from daemon: ${unknown}\n`);
      await ok('tag', 'busybox', `${r.host}/tls/bb:t1`);
      const pushed = await docker('push', `${r.host}/tls/bb:t1`);
      assert.equal(pushed.code, 1);
      assert.equal(pushed.stderr, `${unknown}\n`);
      const login = await docker('login', '-u', 'alice', '-p', 's3cret', r.host);
      assert.equal(login.code, 1);
      assert.equal(errText(login), `Error response from daemon: ${unknown}\n`);

      await trust(DOCKER_CERTS, r);
      const p = await push(r, 'tls/bb');
      await roundTrip(p);
      untrust();
      const again = await docker('pull', p.ref);
      assert.equal(again.stderr, `Error response from daemon: ${unknown}\n`, 'certs.d is read again for each pull');
      await trust(WHARF_CERTS, r);
      await ok('pull', p.ref);
      await ok('rmi', p.ref);
    });

    test('insecure-registries in daemon.json: an unknown CA is accepted, and plain HTTP after HTTPS; elsewhere HTTP is refused', async () => {
      const r = await start(kind, { tls: true, bind: INSECURE_IP });
      await roundTrip(await push(r, 'insecure/bb'));
      const plain = await start(kind, { bind: INSECURE_IP });
      await roundTrip(await push(plain, 'insecure/plain'));
      const secure = await start(kind, { bind: SECURE_IP });
      const refused = await docker('pull', `${secure.host}/plain/bb:t1`);
      assert.equal(refused.code, 1);
      assert.equal(refused.stderr, `Error response from daemon: Get "https://${secure.host}/v2/": http: server gave HTTP response to HTTPS client\n`);
    });

    test('htpasswd Basic auth over verified TLS: login refuses a wrong password, then push and pull with the stored credentials', async () => {
      const r = await start(kind, { tls: true, bind: SECURE_IP, htpasswd: USERS });
      await trust(DOCKER_CERTS, r);
      const wrong = await docker('login', '-u', 'alice', '-p', 'wrong', r.host);
      assert.equal(wrong.code, 1);
      assert.equal(errText(wrong), `Error response from daemon: login attempt to ${r.url}/v2/ failed with status: 401 Unauthorized\n`);
      const anonPull = await docker('pull', `${r.host}/basic/bb:t1`);
      assert.equal(anonPull.code, 1);
      // As Docker 20.10: a tag is resolved with a HEAD first, and the message names that request.
      assert.equal(anonPull.stderr, `Error response from daemon: Head "${r.url}/v2/basic/bb/manifests/t1": no basic auth credentials\n`);
      await ok('tag', 'busybox', `${r.host}/basic/bb:t1`);
      const anonPush = await docker('push', `${r.host}/basic/bb:t1`);
      assert.equal(anonPush.code, 1);
      assert.equal(anonPush.stderr, 'no basic auth credentials\n');

      assert.equal(await ok('login', '-u', 'alice', '-p', 's3cret', r.host), 'Login Succeeded\n');
      await roundTrip(await push(r, 'basic/bb'));
      await ok('logout', r.host);
    });

    test('token auth: login refuses a wrong password; push and pull after login; anonymous push and pull refused', async () => {
      const r = await start(kind, { token: { users: USERS } });
      const wrong = await docker('login', '-u', 'alice', '-p', 'wrong', r.host);
      assert.equal(wrong.code, 1);
      const refusal = kind === 'docker' ? 'unauthorized: invalid username or password' : 'unauthorized: authentication required';
      assert.equal(errText(wrong), `Error response from daemon: Get "${r.url}/v2/": ${refusal}\n`);
      await ok('tag', 'busybox', `${r.host}/token/bb:t1`);
      const anonPush = await docker('push', `${r.host}/token/bb:t1`);
      assert.equal(anonPush.code, 1);
      assert.equal(anonPush.stderr, 'unauthorized: authentication required\n');

      assert.equal(await ok('login', '-u', 'alice', '-p', 's3cret', r.host), 'Login Succeeded\n');
      const p = await push(r, 'token/bb');
      await roundTrip(p);
      await ok('logout', r.host);
      const anonPull = await docker('pull', p.ref);
      assert.equal(anonPull.code, 1);
      assert.equal(anonPull.stderr, `Error response from daemon: pull access denied for ${r.host}/token/bb, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n`);
    });
  });
}

describe('docker-registry with client certificates', { timeout: 60_000 }, () => {
  afterEach(release);

  test('works only with client.cert/client.key in certs.d', async () => {
    const r = await start('docker', { tls: true, clientAuth: true, bind: SECURE_IP });
    await trust(DOCKER_CERTS, r);
    const pull = await docker('pull', `${r.host}/mtls/bb:t1`);
    assert.equal(pull.code, 1);
    // Go's TLS client reads the server's alert so (the docker CLI's own TLS client says it against this registry).
    assert.equal(pull.stderr, `Error response from daemon: Get "${r.url}/v2/": remote error: tls: bad certificate\n`);
    await trust(DOCKER_CERTS, r, { client: true });
    await roundTrip(await push(r, 'mtls/bb'));
  });
});
