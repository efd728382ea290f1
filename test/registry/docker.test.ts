/**
 * The docker CLI through a real Docker daemon against our registry: `docker search` (our /v1
 * search), `docker push` / `docker pull`, and `docker login` refusing a wrong password. It uses the
 * project's reference Docker Engine (shared/tools/reference-docker) when it is running, over HTTP on
 * loopback (which Docker treats as an insecure registry); without it the suite is skipped, since
 * starting a Docker daemon is not this test's business.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeImage, pushImage, run, startRegistry, tempDir, writeHtpasswd, type TestRegistry } from './helpers.js';

const SOCK = '/run/wharf-reference/docker.sock';
const up = existsSync(SOCK)
  && (await run('docker', ['-H', `unix://${SOCK}`, 'version'], 10_000)).code === 0
  && (await run('docker', ['-H', `unix://${SOCK}`, 'image', 'inspect', 'busybox:latest'], 10_000)).code === 0;

describe('docker CLI via the reference Docker Engine', { skip: up ? false : 'reference docker (with busybox:latest) is not running', timeout: 180_000 }, () => {
  let reg: TestRegistry;
  let authReg: TestRegistry;
  let t: Awaited<ReturnType<typeof tempDir>>;
  const docker = (...args: string[]) => run('docker', ['--config', join(t.dir, 'docker-config'), '-H', `unix://${SOCK}`, ...args], 120_000);
  before(async () => {
    t = await tempDir();
    await writeHtpasswd(join(t.dir, 'htpasswd'), { alice: 'right' });
    reg = await startRegistry();
    authReg = await startRegistry({ htpasswd: { path: join(t.dir, 'htpasswd'), realm: 'wharf' } });
  });
  after(async () => {
    await docker('rmi', `${reg.host}/lib/busybox:t1`);
    await docker('rmi', `${authReg.host}/lib/busybox:t1`);
    await reg.close();
    await authReg.close();
    await t.cleanup();
  });

  it('docker search lists repositories with descriptions from labels', async () => {
    await pushImage(reg.url, 'team/webserver', makeImage({ labels: { 'org.opencontainers.image.description': 'A tiny HTTP server' } }), 'latest');
    await pushImage(reg.url, 'team/other', makeImage(), 'latest');
    const r = await docker('search', '--format', '{{.Name}}|{{.Description}}', `${reg.host}/webserver`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'team/webserver|A tiny HTTP server');
  });

  it('docker push and pull round-trip busybox', async () => {
    const ref = `${reg.host}/lib/busybox:t1`;
    assert.equal((await docker('tag', 'busybox:latest', ref)).code, 0);
    const push = await docker('push', ref);
    assert.equal(push.code, 0, push.stderr);
    const digest = /digest: (sha256:[a-f0-9]{64})/.exec(push.stdout)?.[1];
    assert.ok(digest, push.stdout);
    assert.equal((await docker('rmi', ref)).code, 0);
    const pull = await docker('pull', ref);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stdout, new RegExp(`Digest: ${digest}`));
  });

  it('docker login refuses a wrong password; the right one lets docker push', async () => {
    const wrong = await docker('login', '-u', 'alice', '-p', 'wrong', authReg.host);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /unauthorized|401/i);
    const right = await docker('login', '-u', 'alice', '-p', 'right', authReg.host);
    assert.equal(right.code, 0, right.stderr);
    const ref = `${authReg.host}/lib/busybox:t1`;
    await docker('tag', 'busybox:latest', ref);
    const push = await docker('push', ref);
    assert.equal(push.code, 0, push.stderr);
  });
});
