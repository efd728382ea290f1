/**
 * Push and pull for real: the docker CLI 28 against a wharfd in its own network namespace, and a
 * `wharf registry serve` in that namespace on 127.0.0.1 (insecure by default, as in Docker, so plain
 * HTTP after the HTTPS attempt). Expected lines are the reference Docker 20.10's (its answers to the
 * same requests against the same registry): push's Preparing/Pushed/Layer already exists/Mounted
 * from and `tag: digest: … size: N`, pull's Pulling from/Pull complete/Digest/Status lines, the 404
 * wording of an unknown tag, Go's wording of a refused connection. Then the Hub's naming through a
 * loopback mirror: `pull busybox` gives `busybox:latest`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestDaemon, startDaemon } from '../helpers/daemon.js';
import { startWharfRegistry, type RunningRegistry } from '../helpers/registries.js';

let d: TestDaemon;
let reg: RunningRegistry;
let pushedDigest = '';
let imageId = '';

const auth = { 'X-Registry-Auth': Buffer.from('{}').toString('base64url') };

before(async () => {
  d = await startDaemon();
  reg = await startWharfRegistry({ netns: d.netns });
  imageId = await d.importBusybox();
});
after(async () => {
  await reg?.stop();
  await d?.cleanup();
});

async function ok(args: string[]): Promise<string> {
  const r = await d.docker(args, { timeout: 120_000 });
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

test('push sends the layer (gzipped once), then finds it there; a second repository mounts it', async () => {
  await ok(['tag', 'busybox', `${reg.host}/app:v1`]);
  const first = await ok(['push', `${reg.host}/app:v1`]);
  assert.match(first, new RegExp(`^The push refers to repository \\[${reg.host}/app\\]$`, 'm'));
  assert.match(first, /^[a-f0-9]{12}: Pushed$/m);
  const m = /^v1: digest: (sha256:[a-f0-9]{64}) size: (\d+)$/m.exec(first);
  assert.ok(m, first);
  pushedDigest = m[1]!;
  const stored = await d.inNetns(['curl', '-sf', '-H', 'Accept: application/vnd.docker.distribution.manifest.v2+json', `${reg.url}/v2/app/manifests/v1`]);
  const manifest = JSON.parse(stored.stdout) as { layers: Array<{ mediaType: string }> };
  assert.deepEqual(manifest.layers.map((l) => l.mediaType), ['application/vnd.docker.image.rootfs.diff.tar.gzip'], 'an imported plain tar is gzipped for the registry, as dockerd does');
  const again = await ok(['push', `${reg.host}/app:v1`]);
  assert.match(again, /^[a-f0-9]{12}: Layer already exists$/m);
  assert.match(again, new RegExp(`^v1: digest: ${pushedDigest} size: ${m[2]}$`, 'm'), 'the stored manifest is pushed as it is: same digest');
  await ok(['tag', 'busybox', `${reg.host}/other:v1`]);
  assert.match(await ok(['push', `${reg.host}/other:v1`]), /^[a-f0-9]{12}: Mounted from app$/m);
  const digests = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .RepoDigests}}', 'busybox'])) as string[];
  assert.ok(digests.includes(`${reg.host}/app@${pushedDigest}`), String(digests));
});

test('push → rmi → pull keeps the image ID and digest; the pulled image runs; a second pull is up to date', async () => {
  assert.ok(pushedDigest, 'the push test ran');
  await ok(['rmi', `${reg.host}/app:v1`, `${reg.host}/other:v1`, 'busybox']);
  const pull = await ok(['pull', `${reg.host}/app:v1`]);
  assert.match(pull, /^v1: Pulling from app$/m);
  assert.match(pull, /^[a-f0-9]{12}: Pull complete$/m);
  assert.match(pull, new RegExp(`^Digest: ${pushedDigest}$`, 'm'));
  assert.match(pull, new RegExp(`^Status: Downloaded newer image for ${reg.host}/app:v1$`, 'm'));
  const view = JSON.parse(await ok(['image', 'inspect', `${reg.host}/app:v1`]))[0];
  assert.equal(view.Id, imageId);
  assert.deepEqual(view.RepoDigests, [`${reg.host}/app@${pushedDigest}`]);
  assert.deepEqual(view.RepoTags, [`${reg.host}/app:v1`]);
  assert.equal((await ok(['run', '--rm', '--network', 'none', `${reg.host}/app:v1`, 'echo', 'pulled'])).trim(), 'pulled');
  const again = await ok(['pull', `${reg.host}/app:v1`]);
  assert.doesNotMatch(again, /Pull complete|Already exists/);
  assert.match(again, new RegExp(`^Status: Image is up to date for ${reg.host}/app:v1$`, 'm'));
});

test('pull by digest adds no tag; pull -a fetches every tag', async () => {
  await ok(['rmi', `${reg.host}/app:v1`]);
  const byDigest = await ok(['pull', `${reg.host}/app@${pushedDigest}`]);
  assert.match(byDigest, new RegExp(`^${reg.host}/app@${pushedDigest}: Pulling from app$`, 'm'));
  const view = JSON.parse(await ok(['image', 'inspect', `${reg.host}/app@${pushedDigest}`]))[0];
  assert.deepEqual(view.RepoTags, []);
  assert.equal(view.Id, imageId);
  await ok(['tag', imageId, `${reg.host}/multi:a`]);
  await ok(['tag', imageId, `${reg.host}/multi:b`]);
  await ok(['push', '--all-tags', `${reg.host}/multi`]);
  await ok(['rmi', `${reg.host}/multi:a`, `${reg.host}/multi:b`]);
  const all = await ok(['pull', '--all-tags', `${reg.host}/multi`]);
  assert.match(all, /^a: Pulling from multi$/m);
  assert.match(all, /^b: Pulling from multi$/m);
  const tags = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .RepoTags}}', imageId])) as string[];
  assert.deepEqual(tags.filter((t) => t.includes('/multi:')).sort(), [`${reg.host}/multi:a`, `${reg.host}/multi:b`]);
});

test('an unknown tag is a 404 in Docker\'s words; an unreachable registry is Go\'s dial error; nothing is left behind', async () => {
  const before = await ok(['images', '-a', '-q', '--no-trunc']);
  const r = await d.docker(['pull', `${reg.host}/app:nope`]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), `Error response from daemon: manifest for ${reg.host}/app:nope not found: manifest unknown: manifest unknown to registry`);
  const api = await d.api('POST', `/v1.50/images/create?fromImage=${reg.host}/nothere&tag=v1`, undefined, auth);
  assert.equal(api.status, 404);
  assert.equal(api.json().message, `repository ${reg.host}/nothere not found: name unknown: repository name not known to registry`);
  const gone = await d.docker(['pull', '127.0.0.1:1/x:v1']);
  assert.equal(gone.code, 1);
  assert.equal(gone.stderr.trim(), 'Error response from daemon: Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused');
  const bare = await d.api('POST', `/v1.50/images/${reg.host}/app/push?tag=v1`);
  assert.equal(bare.status, 400);
  assert.equal(bare.json().message, 'Bad parameters and missing X-Registry-Auth: EOF');
  const legacy = await d.api('POST', `/v1.50/images/${reg.host}/never/push?tag=v1`, { username: 'u', password: 'p' });
  assert.equal(legacy.status, 200, 'credentials in the body (the old form) are taken instead of the header');
  assert.match(legacy.body, /"error":"tag does not exist: /);
  const push = await d.docker(['push', `${reg.host}/never:v1`]);
  assert.equal(push.code, 1);
  assert.match(push.stderr, new RegExp(`tag does not exist: ${reg.host}/never:v1`));
  assert.equal(await ok(['images', '-a', '-q', '--no-trunc']), before);
});

test('pull and push are image events', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  await ok(['tag', imageId, `${reg.host}/ev:v1`]);
  await ok(['push', `${reg.host}/ev:v1`]);
  await ok(['pull', `${reg.host}/ev:v1`]);
  const out = await ok(['events', '--since', String(since), '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'type=image', '--format', '{{.Action}} {{.Actor.Attributes.name}}']);
  assert.match(out, new RegExp(`^push ${reg.host}/ev:v1$`, 'm'));
  assert.match(out, new RegExp(`^pull ${reg.host}/ev:v1$`, 'm'));
});

test('login to a registry without auth succeeds; distribution inspect names the manifest and its platform', async () => {
  const login = await d.docker(['--config', `${d.root}/docker-config`, 'login', reg.host, '-u', 'u', '--password-stdin'], { input: 'p\n' });
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /Login Succeeded/);
  const r = await d.api('GET', `/v1.50/distribution/${reg.host}/app:v1/json`, undefined, auth);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json().Descriptor.digest, pushedDigest);
  assert.deepEqual(r.json().Platforms, [{ architecture: 'amd64', os: 'linux' }]);
  const missing = await d.api('GET', `/v1.50/distribution/${reg.host}/app:nope/json`, undefined, auth);
  assert.equal(missing.status, 404);
  assert.equal(missing.json().message, 'manifest unknown: manifest unknown to registry', 'the registry\'s words only, as the reference answers');
});

test('search asks the registry\'s v1 search', async () => {
  const out = await ok(['search', `${reg.host}/app`]);
  assert.match(out, /^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL/m);
  assert.match(out, /^app\s/m);
  const bad = await d.api('GET', `/v1.50/images/search?term=${reg.host}/app&limit=500`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json().message, 'limit 500 is outside the range of [1, 100]', 'moby\'s wording (20.10 does not check; it leaves the limit to the registry)');
  // The reference Docker 20.10's answers for bad filters and a bad tag.
  const filter = (f: string) => d.api('GET', `/v1.50/images/search?term=${reg.host}/app&filters=${encodeURIComponent(f)}`);
  assert.equal((await filter('{"bogus":{"x":true}}')).json().message, "Invalid filter 'bogus'");
  assert.equal((await filter('{"stars":{"abc":true}}')).json().message, "Invalid filter 'stars=abc'");
  const maybe = await filter('{"is-official":{"maybe":true}}');
  assert.deepEqual([maybe.status, maybe.json().message], [400, "Invalid filter 'is-official=[maybe]'"]);
  const tag = await d.api('POST', `/v1.50/images/create?fromImage=${reg.host}/app&tag=${encodeURIComponent('Bad Tag')}`, undefined, auth);
  assert.deepEqual([tag.status, tag.json().message], [400, 'invalid tag format']);
});

test('docker.io names go to the mirror: `pull busybox` gives busybox:latest, offline', async () => {
  await ok(['tag', imageId, `${reg.host}/library/busybox:latest`]);
  await ok(['push', `${reg.host}/library/busybox:latest`]);
  await ok(['rmi', `${reg.host}/library/busybox:latest`]);
  await d.stop();
  await d.start(['--registry-mirror', reg.url]);
  const out = await ok(['pull', 'busybox']);
  assert.match(out, /^latest: Pulling from library\/busybox$/m);
  assert.match(out, /^Status: Downloaded newer image for busybox:latest$/m);
  const view = JSON.parse(await ok(['image', 'inspect', 'busybox']))[0];
  assert.ok(view.RepoTags.includes('busybox:latest'), String(view.RepoTags));
  assert.ok(view.RepoDigests.some((x: string) => x.startsWith('busybox@sha256:')), String(view.RepoDigests));
});
