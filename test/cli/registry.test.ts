/**
 * `wharf login/logout/push/pull/search` against a real wharfd and a `wharf registry serve` with
 * htpasswd auth inside the daemon's network namespace, each step beside the docker CLI 28 doing the
 * same against the same daemon (each with its own `--config` directory): same exit status, same
 * stdout and stderr (config paths aside), same config file. Where the daemon's state makes the first
 * run differ (the first push uploads, later ones find the layer), the compared runs are the later ones.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type RunResult, type TestDaemon } from '../helpers/daemon.js';
import { startWharfRegistry, type RunningRegistry } from '../helpers/registries.js';

let d: TestDaemon;
let reg: RunningRegistry;
let imageId = '';
const cfg = { docker: '', wharf: '' };

before(async () => {
  d = await startDaemon();
  reg = await startWharfRegistry({ netns: d.netns, htpasswd: { alice: 'secret' } });
  imageId = await d.importBusybox();
  cfg.docker = join(d.root, 'docker-config');
  cfg.wharf = join(d.root, 'wharf-config');
  mkdirSync(cfg.docker);
  mkdirSync(cfg.wharf);
});
after(async () => {
  await reg?.stop();
  await d?.cleanup();
});

type Side = 'docker' | 'wharf';

async function run(side: Side, args: string[], input?: string): Promise<RunResult> {
  const o = { timeout: 120_000, ...(input !== undefined ? { input } : {}) };
  const r = await d[side](['--config', cfg[side], ...args], o);
  const norm = (s: string): string => s.replaceAll(cfg[side], '<CONFIG>');
  return { code: r.code, stdout: norm(r.stdout), stderr: norm(r.stderr) };
}

/** Runs `args` with docker, then wharf, and expects the same outcome; returns it. */
async function same(args: string[], input?: string): Promise<RunResult> {
  const docker = await run('docker', args, input);
  const wharf = await run('wharf', args, input);
  assert.deepEqual(wharf, docker, `wharf ${args.join(' ')}`);
  return wharf;
}

const configFile = (side: Side): unknown => JSON.parse(readFileSync(join(cfg[side], 'config.json'), 'utf8'));

test('login: refused, accepted from stdin, then again with the stored credentials', async () => {
  const refused = await same(['login', reg.host, '-u', 'alice', '-p', 'wrong']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^WARNING! Using --password via the CLI is insecure\. Use --password-stdin\.\nError response from daemon: /);
  const ok = await same(['login', reg.host, '-u', 'alice', '--password-stdin'], 'secret\n');
  assert.equal(ok.stdout, 'Login Succeeded\n');
  assert.match(ok.stderr, /^\nWARNING! Your credentials are stored unencrypted in '<CONFIG>\/config\.json'\./);
  assert.deepEqual(configFile('wharf'), configFile('docker'));
  assert.deepEqual(configFile('wharf'), { auths: { [reg.host]: { auth: Buffer.from('alice:secret').toString('base64') } } });
  const again = await same(['login', reg.host]);
  assert.match(again.stderr, /^Authenticating with existing credentials\.\.\. \[Username: alice\]\n/);
});

test('push: with the stored credentials, default tag, -q, -a', async () => {
  await d.docker(['tag', imageId, `${reg.host}/app:v1`]);
  await d.docker(['tag', imageId, `${reg.host}/app:latest`]);
  const first = await run('wharf', ['push', `${reg.host}/app:v1`]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`^The push refers to repository \\[${reg.host}/app\\]\n[a-f0-9]{12}: Preparing\n[a-f0-9]{12}: Pushed\nv1: digest: sha256:[a-f0-9]{64} size: \\d+\n$`));
  const again = await same(['push', `${reg.host}/app:v1`]);
  assert.match(again.stdout, /: Layer already exists\n/);
  assert.match((await same(['push', `${reg.host}/app`])).stdout, /^Using default tag: latest\n/);
  assert.equal((await same(['push', '-q', `${reg.host}/app:v1`])).stdout, `${reg.host}/app:v1\n`);
  assert.equal((await same(['push', '-a', '-q', `${reg.host}/app`])).stdout, `${reg.host}/app\n`);
  const missing = await same(['push', `${reg.host}/app:nope`]);
  assert.equal(missing.code, 1);
});

test('pull: fresh, up to date, -q, -a, by digest, unknown tag', async () => {
  await d.docker(['rmi', `${reg.host}/app:v1`]);
  const fresh = await run('wharf', ['pull', `${reg.host}/app:v1`]);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stdout, new RegExp(`^v1: Pulling from app\n.*Digest: (sha256:[a-f0-9]{64})\nStatus: Downloaded newer image for ${reg.host}/app:v1\n${reg.host}/app:v1\n$`, 's'));
  const digest = /Digest: (sha256:[a-f0-9]{64})/.exec(fresh.stdout)![1]!;
  assert.match((await same(['pull', `${reg.host}/app:v1`])).stdout, /Status: Image is up to date for /);
  assert.match((await same(['pull', `${reg.host}/app`])).stdout, /^Using default tag: latest\n/);
  assert.equal((await same(['pull', '-q', `${reg.host}/app:v1`])).stdout, `${reg.host}/app:v1\n`);
  assert.match((await same(['pull', '-a', `${reg.host}/app`])).stdout, new RegExp(`\n${reg.host}/app\n$`));
  assert.equal((await same(['pull', `${reg.host}/app@${digest}`])).code, 0);
  const unknown = await same(['pull', `${reg.host}/app:nope`]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^Error response from daemon: manifest for .* not found/);
});

test("run pulls a missing image with the stored credentials", async () => {
  await d.docker(['rmi', `${reg.host}/app:v1`]);
  const r = await run('wharf', ['run', '--rm', '--network', 'none', `${reg.host}/app:v1`, 'echo', 'pulled']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pulled\n');
  assert.match(r.stderr, new RegExp(`^Unable to find image '${reg.host}/app:v1' locally\nv1: Pulling from app\n`));
});

test('search asks the registry with the stored credentials', async () => {
  const r = await same(['search', `${reg.host}/app`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\napp\s/);
  assert.equal((await same(['search', '--format', '{{.Name}}', `${reg.host}/app`])).stdout, 'app\n');
});

test('logout erases the credentials; then pull and search are refused by the registry', async () => {
  assert.equal((await same(['logout', reg.host])).stdout, `Removing login credentials for ${reg.host}\n`);
  assert.deepEqual(configFile('wharf'), configFile('docker'));
  assert.deepEqual(configFile('wharf'), { auths: {} });
  const pull = await same(['pull', `${reg.host}/app:v1`]);
  assert.equal(pull.code, 1);
  const search = await same(['search', `${reg.host}/app`]);
  assert.equal(search.code, 1);
});

test('a registry with token auth: login, push, pull, search and logout beside docker', async () => {
  const tokenReg = await startWharfRegistry({ netns: d.netns, token: { users: { alice: 'secret' } } });
  try {
    const refused = await same(['login', tokenReg.host, '-u', 'alice', '--password-stdin'], 'wrong\n');
    assert.equal(refused.code, 1);
    assert.equal((await same(['login', tokenReg.host, '-u', 'alice', '--password-stdin'], 'secret\n')).stdout, 'Login Succeeded\n');
    assert.deepEqual(configFile('wharf'), configFile('docker'));
    await d.docker(['tag', imageId, `${tokenReg.host}/tok:v1`]);
    const first = await run('wharf', ['push', '-q', `${tokenReg.host}/tok:v1`]);
    assert.deepEqual(first, { code: 0, stdout: `${tokenReg.host}/tok:v1\n`, stderr: '' });
    assert.match((await same(['push', `${tokenReg.host}/tok:v1`])).stdout, /Layer already exists/);
    await d.docker(['rmi', `${tokenReg.host}/tok:v1`]);
    assert.equal((await run('wharf', ['pull', '-q', `${tokenReg.host}/tok:v1`])).stdout, `${tokenReg.host}/tok:v1\n`);
    assert.match((await same(['pull', `${tokenReg.host}/tok:v1`])).stdout, /Image is up to date/);
    // v1 search does not do token auth: wharfd, like the reference Docker 20.10, answers "Unexpected status code 401".
    await same(['search', '--format', '{{.Name}}', `${tokenReg.host}/tok`]);
    await same(['logout', tokenReg.host]);
    assert.equal((await same(['pull', `${tokenReg.host}/tok:v1`])).code, 1);
  } finally {
    await tokenReg.stop();
  }
});
