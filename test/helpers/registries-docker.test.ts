/**
 * The oracle's word on the token fixtures: the reference Docker Engine (on the host's loopback, where
 * HTTP registries count as insecure and are allowed) logs in, pushes and is denied an anonymous pull,
 * through distribution 2.8.2 with token-server.ts and through the wharf registry's own issuer. Skipped
 * when the reference is not running. The pushed image is imported from a one-file tarball under a tag of
 * this test's own, so other suites' use of busybox:latest does not matter.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run, tarGz, tempDir } from '../registry/helpers.js';
import { startDockerRegistry, startWharfRegistry } from './registries.js';

const SOCK = '/run/wharf-reference/docker.sock';
const up = existsSync(SOCK) && (await run('docker', ['-H', `unix://${SOCK}`, 'version'], 10_000)).code === 0;

describe('token fixtures with the reference Docker Engine', { skip: up ? false : 'reference docker is not running', timeout: 120_000 }, () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  const image = `wharf-regfix-probe:${randomBytes(4).toString('hex')}`;
  const docker = (...args: string[]) => run('docker', ['--config', join(t.dir, 'docker-config'), '-H', `unix://${SOCK}`, ...args], 60_000);
  before(async () => {
    t = await tempDir('wharf-regfix-docker-');
    writeFileSync(join(t.dir, 'probe.tar.gz'), tarGz('probe.txt', `probe ${image}`));
    const imp = await docker('import', join(t.dir, 'probe.tar.gz'), image);
    assert.equal(imp.code, 0, imp.stderr);
  });
  after(async () => {
    await docker('rmi', image);
    await t.cleanup();
  });

  const cases = [
    { name: 'docker-registry + token-server.js', start: startDockerRegistry, wrongLogin: 'unauthorized: invalid username or password' },
    { name: "wharf registry's own issuer", start: startWharfRegistry, wrongLogin: 'unauthorized: authentication required' },
  ];
  for (const c of cases) {
    test(`${c.name}: docker login checks the password, push works, an anonymous pull is denied`, async () => {
      const r = await c.start({ token: { users: { alice: 's3cret' } } });
      const ref = `${r.host}/fixture/probe:t1`;
      try {
        const wrong = await docker('login', '-u', 'alice', '-p', 'wrong', r.host);
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, new RegExp(`Error response from daemon: Get "${r.url}/v2/": ${c.wrongLogin}\\n$`));
        const login = await docker('login', '-u', 'alice', '-p', 's3cret', r.host);
        assert.equal(login.code, 0, login.stderr);
        assert.equal((await docker('tag', image, ref)).code, 0);
        const push = await docker('push', ref);
        assert.equal(push.code, 0, push.stderr + r.log());
        assert.match(push.stdout, /t1: digest: sha256:[a-f0-9]{64} size: \d+/);
        assert.equal((await docker('rmi', ref)).code, 0);
        assert.equal((await docker('logout', r.host)).code, 0);
        const pull = await docker('pull', ref);
        assert.equal(pull.code, 1);
        assert.equal(pull.stderr, `Error response from daemon: pull access denied for ${r.host}/fixture/probe, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n`);
      } finally {
        await docker('rmi', ref);
        await r.stop();
      }
    });
  }
});
