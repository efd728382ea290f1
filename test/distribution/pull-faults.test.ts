/**
 * `docker pull` through wharfd from a registry that misbehaves (a fault proxy in front of a real
 * one): a blob whose bytes are not its digest, a short body, an oversized manifest, 5xx once and
 * always, a registry that never answers, a pull cut off mid-layer and pulled again, and concurrent
 * pulls. Each failure gives a Docker-style message and a non-zero exit, and leaves no image, no tag
 * and nothing in the stores a collection would not sweep.
 * Oracle (Docker 20.10 behind the same proxy): a corrupt blob fails at once with "filesystem layer
 * verification failed for digest sha256:…" after one GET; a short body is resumed with a Range GET,
 * as Wharf does (resumableBlob).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { DOCKER } from '../helpers/daemon.js';
import type { Fault } from '../helpers/fault-proxy.js';
import { buildImage, push, type BuiltImage } from './images.js';
import { inspect, pullRig } from './rig.js';
import { assertNothingLeft, storeState } from './store-state.js';

const rig = pullRig({ env: { WHARF_REGISTRY_TIMEOUT_MS: '2000' }, importBusybox: true });
const ref = (repo: string) => `${rig.proxy.host}/${repo}`;

/** A two-layer image pushed as `repo:1`: a small layer, then `second` (random bytes by default). */
async function pushed(repo: string, second: Buffer = randomBytes(64 << 10)): Promise<BuiltImage & { bad: string }> {
  const img = buildImage({ layers: [{ name: 'small.txt', content: `small ${repo}` }, { name: 'second.bin', content: second }] });
  await push(rig.registry.url, repo, img, '1');
  return { ...img, bad: JSON.parse(img.manifest.toString()).layers[1].digest as string };
}

/** Faults the GETs of one blob (the `n`th request to it from 1). */
function onBlob(digest: string, f: (n: number) => Fault | undefined): void {
  rig.proxy.reset();
  rig.proxy.fault = (r, n) => (r.method === 'GET' && r.path.endsWith(`/blobs/${digest}`) ? f(n) : undefined);
}

/** A pull of `repo:1` that must fail with `message` and leave nothing; how long it took. */
async function failingPull(repo: string, message: RegExp): Promise<number> {
  const before = await storeState(rig.d);
  const started = Date.now();
  const r = await rig.d.docker(['pull', ref(`${repo}:1`)]);
  const ms = Date.now() - started;
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, message);
  if (process.env.SHOW_MESSAGES) console.log(`${repo}: ${JSON.stringify(r.stderr)} (${ms} ms)`);
  await assertNothingLeft(rig.d, before);
  return ms;
}

test('a blob whose bytes do not match its digest fails at once, as dockerd', async () => {
  const img = await pushed('corrupt');
  onBlob(img.bad, () => ({ kind: 'corrupt' }));
  await failingPull('corrupt', new RegExp(`^filesystem layer verification failed for digest ${img.bad}\\n$`));
  assert.equal(rig.proxy.requests('GET', img.bad).length, 1, 'content errors are not retried');
});

test('a truncated blob is resumed from where it stopped; always truncated, the pull fails after 3 attempts', async () => {
  const once = await pushed('trunc-once');
  onBlob(once.bad, (n) => (n === 1 ? { kind: 'truncate', bytes: 1000 } : undefined));
  const ok = await rig.d.docker(['pull', ref('trunc-once:1')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((await inspect(rig.d, ref('trunc-once:1'))).Id, once.id);
  assert.deepEqual(rig.proxy.requests('GET', once.bad).map((e) => e.range), [undefined, 'bytes=1000-'], 'the second GET asks for the rest only');

  const always = await pushed('trunc');
  onBlob(always.bad, () => ({ kind: 'truncate', bytes: 1000 }));
  // Go's io.ErrUnexpectedEOF, as dockerd reports a short body.
  await failingPull('trunc', /^unexpected EOF\n$/);
  assert.equal(rig.proxy.requests('GET', always.bad).length, 3);
});

test('a manifest over 4 MiB is refused, by its Content-Length or while it is read', async () => {
  // dockerd 20.10 reads it and fails with "unexpected end of JSON input"; Wharf stops at distribution's 4 MiB limit.
  rig.proxy.reset();
  const big = Buffer.alloc(5 << 20, 0x20);
  let chunked = false;
  rig.proxy.fault = (r) => (r.path.includes('/manifests/') ? { kind: 'reply', status: 200, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: big, chunked } : undefined);
  await failingPull('bigmanifest', /^Error response from daemon: manifest 1 is 5242880 bytes: more than the 4194304 allowed\n$/);
  chunked = true;
  await failingPull('bigmanifest', /^Error response from daemon: manifest 1 exceeds 4194304 bytes\n$/);
});

test('a 5xx on a layer GET is retried with back-off; a layer that always fails ends the pull', async () => {
  const once = await pushed('flaky');
  onBlob(once.bad, (n) => (n === 1 ? { kind: 'status', status: 500 } : undefined));
  const ok = await rig.d.docker(['pull', ref('flaky:1')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(rig.proxy.requests('GET', once.bad).length, 2);

  const always = await pushed('broken');
  onBlob(always.bad, () => ({ kind: 'status', status: 503 }));
  const before = await storeState(rig.d);
  const r = await rig.d.docker(['pull', ref('broken:1')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stdout, /Retrying in 1 second\n/);
  assert.match(r.stdout, /Retrying in 2 seconds\n/);
  // dockerd, for a 500: "received unexpected HTTP status: 500 Internal Server Error".
  assert.equal(r.stderr, 'received unexpected HTTP status: 503 Service Unavailable\n');
  // 3 attempts in all: blob GETs are retried by the download alone, not by the transport too.
  assert.equal(rig.proxy.requests('GET', always.bad).length, 3);
  await assertNothingLeft(rig.d, before);
});

test('a registry that never answers fails the pull within the configured timeouts', async () => {
  rig.proxy.reset();
  rig.proxy.fault = () => ({ kind: 'hang' });
  // dockerd (the same proxy, hanging): `Get "http://…/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)`.
  const ms = await failingPull('hang', new RegExp(`Get "http://${rig.proxy.host}/v2/": net/http: (timeout awaiting response headers|request canceled \\(Client.Timeout exceeded while awaiting headers\\))`));
  // 3 tries of 2 s (undici checks timeouts about once a second) plus back-off; the defaults would take minutes.
  assert.ok(ms < 15_000, `took ${ms} ms`);
});

/** Polls `cond` every 50 ms for up to `ms`. */
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a pull cut off mid-layer is resumed: the layers finished before are not fetched again', async () => {
  const img = await pushed('resume', randomBytes(4 << 20));
  const small = JSON.parse(img.manifest.toString()).layers[0].digest as string;
  onBlob(img.bad, (n) => (n === 1 ? { kind: 'throttle', bytesPerSec: 256 << 10 } : undefined));
  const cli = spawn(DOCKER, ['-H', rig.d.host, 'pull', ref('resume:1')], { stdio: 'ignore' });
  const exited = new Promise((r) => cli.once('exit', r));
  await until(() => rig.proxy.requests('GET', small).some((e) => e.complete) && rig.proxy.requests('GET', img.bad).some((e) => e.bytes > 0), 10_000, 'the small layer');
  cli.kill('SIGKILL');
  await exited;
  // The daemon gives up the download when its client goes away, as dockerd does.
  await until(() => rig.proxy.requests('GET', img.bad)[0]!.aborted, 5_000, 'the big layer GET to be abandoned');
  assert.equal((await rig.d.docker(['images', '-q', ref('resume')])).stdout.trim(), '');

  const again = await rig.d.docker(['pull', ref('resume:1')]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`${small.slice(7, 19)}: Already exists`));
  assert.equal(rig.proxy.requests('GET', small).length, 1);
  assert.equal(rig.proxy.requests('GET', img.bad).length, 2);
  assert.equal((await inspect(rig.d, ref('resume:1'))).Id, img.id);
});

test('an API pull whose request is aborted mid-layer stops downloading and leaves no image', async () => {
  const img = await pushed('api-abort', randomBytes(2 << 20));
  onBlob(img.bad, () => ({ kind: 'throttle', bytesPerSec: 256 << 10 }));
  const before = await storeState(rig.d);
  const req = http.request({ socketPath: rig.d.socket, method: 'POST', path: `/v1.50/images/create?fromImage=${encodeURIComponent(ref('api-abort'))}&tag=1` });
  req.on('error', () => undefined);
  req.on('response', (res) => res.resume());
  req.end();
  await until(() => rig.proxy.requests('GET', img.bad).some((e) => e.bytes > 0), 10_000, 'the slow layer');
  req.destroy();
  await until(() => rig.proxy.requests('GET', img.bad)[0]!.aborted, 5_000, 'the layer GET to be abandoned');
  assert.equal(rig.proxy.requests('GET', img.bad).length, 1, 'not retried once cancelled');
  await assertNothingLeft(rig.d, before);
});

test('two concurrent pulls of images sharing a big layer fetch it once', async () => {
  const shared = randomBytes(4 << 20);
  const a = buildImage({ layers: [{ name: 'big.bin', content: shared }, { name: 'a.txt', content: 'a' }] });
  const b = buildImage({ layers: [{ name: 'big.bin', content: shared }, { name: 'b.txt', content: 'b' }] });
  await push(rig.registry.url, 'share-a', a, '1');
  await push(rig.registry.url, 'share-b', b, '1');
  const big = JSON.parse(a.manifest.toString()).layers[0].digest as string;
  rig.proxy.reset();
  rig.proxy.fault = (r) => (r.path.endsWith(big) ? { kind: 'throttle', bytesPerSec: 2 << 20 } : undefined);
  const [ra, rb] = await Promise.all([rig.d.docker(['pull', ref('share-a:1')]), rig.d.docker(['pull', ref('share-b:1')])]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  assert.equal(rig.proxy.requests('GET', big).length, 1, 'the shared blob was fetched once');
  assert.equal((await inspect(rig.d, ref('share-a:1'))).Id, a.id);
  assert.equal((await inspect(rig.d, ref('share-b:1'))).Id, b.id);
});

test('docker images and rmi of another image answer promptly while a slow pull runs', async () => {
  const img = await pushed('slow', randomBytes(3 << 20));
  onBlob(img.bad, () => ({ kind: 'throttle', bytesPerSec: 512 << 10 }));
  await rig.d.importBusybox('unrelated:1');
  const pull = rig.d.docker(['pull', ref('slow:1')]);
  await until(() => rig.proxy.requests('GET', img.bad).some((e) => e.bytes > 0), 10_000, 'the slow layer');
  for (const args of [['images'], ['rmi', 'unrelated:1'], ['images', '-a']]) {
    const t = Date.now();
    const r = await rig.d.docker(args);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - t < 2000, `docker ${args.join(' ')} took ${Date.now() - t} ms`);
  }
  assert.ok(!rig.proxy.requests('GET', img.bad)[0]!.complete, 'the pull was still running');
  const done = await pull;
  assert.equal(done.code, 0, done.stderr);
  assert.equal((await inspect(rig.d, ref('slow:1'))).Id, img.id);
});
