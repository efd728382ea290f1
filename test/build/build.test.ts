/**
 * Builds through a test wharfd with the real docker CLI (legacy builder) and the Engine API: the
 * tutorials' images, the layer cache (a second build runs no RUN, a touched COPY input rebuilds from
 * its step), failures that leave nothing behind, what the legacy builder cannot do (heredocs,
 * --chmod, cache mounts), and bad contexts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { DOCKER, runCommand, startDaemon, type RunResult, type TestDaemon } from '../helpers/daemon.js';
import { FIXTURES } from './reference-format.js';

let daemon: TestDaemon;
let work: string;

before(async () => {
  daemon = await startDaemon();
  await daemon.importBusybox();
  work = mkdtempSync(join(tmpdir(), 'wharf-build-'));
});

after(async () => {
  await daemon?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** A context directory made from `files` (name → content; a `->target` value makes a symlink). */
function context(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    if (content.startsWith('->')) symlinkSync(content.slice(2), join(dir, f));
    else writeFileSync(join(dir, f), content);
  }
  return dir;
}

/** `docker build` with the legacy builder against the test daemon. */
function build(dir: string, args: string[]): Promise<RunResult> {
  return runCommand(DOCKER, ['-H', daemon.host, 'build', ...args, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, timeout: 120_000 });
}

async function run(image: string, ...cmd: string[]): Promise<string> {
  const r = await daemon.docker(['run', '--rm', image, ...cmd]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function inspect(image: string): Promise<any> {
  return (await daemon.api('GET', `/images/${image}/json`)).json();
}

test('the tutorial\'s FROM scratch image: a static binary and its CMD', async () => {
  const dir = context('scratch', { Dockerfile: 'FROM scratch\nCOPY hello /hello\nCMD ["/hello"]\n' });
  copyFileSync(join(FIXTURES, 'scratch-static', 'hello'), join(dir, 'hello'));
  const r = await build(dir, ['-t', 'hello:scratch']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Successfully tagged hello:scratch/);
  assert.match(await run('hello:scratch'), /hello/i);
  const img = await inspect('hello:scratch');
  assert.equal(img.RootFS.Layers.length, 1);
});

test('multi-stage: the final image holds only what it copied from the build stage', async () => {
  const dir = context('multi', {
    Dockerfile: [
      'FROM busybox AS build', 'RUN dd if=/dev/zero of=/big bs=1M count=20 2>/dev/null && echo artifact > /out',
      'FROM scratch', 'COPY --from=build /out /out', 'CMD ["/out"]', '',
    ].join('\n'),
  });
  const r = await build(dir, ['-t', 'multi:small']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const single = await build(context('single', { Dockerfile: 'FROM busybox\nRUN dd if=/dev/zero of=/big bs=1M count=20 2>/dev/null && echo artifact > /out\n' }), ['-t', 'multi:single']);
  assert.equal(single.code, 0, single.stderr);
  const [small, big] = [await inspect('multi:small'), await inspect('multi:single')];
  assert.ok(small.Size < 1024, `final image is ${small.Size} bytes`);
  assert.ok(big.Size > 20 * 1024 * 1024, `single-stage image is ${big.Size} bytes`);
});

test('LABEL, EXPOSE, WORKDIR, ENTRYPOINT and the rest show in inspect', async () => {
  const dir = context('meta', {
    Dockerfile: 'FROM busybox\nLABEL maintainer="me" version=1\nEXPOSE 8080 53/udp\nWORKDIR /srv/app\nENV MODE=prod\nUSER nobody\nENTRYPOINT ["pwd"]\n',
  });
  assert.equal((await build(dir, ['-t', 'meta:1'])).code, 0);
  const c = (await inspect('meta:1')).Config;
  assert.deepEqual(c.Labels, { maintainer: 'me', version: '1' });
  assert.deepEqual(c.ExposedPorts, { '8080/tcp': {}, '53/udp': {} });
  assert.equal(c.WorkingDir, '/srv/app');
  assert.deepEqual(c.Entrypoint, ['pwd']);
  assert.equal(c.User, 'nobody');
  assert.ok(c.Env.includes('MODE=prod'));
  assert.equal((await run('meta:1')).trim(), '/srv/app');
});

test('a second identical build runs no RUN; touching one COPY input rebuilds from that step only', async () => {
  const dir = context('cache', {
    Dockerfile: 'FROM busybox\nRUN echo first > /1\nCOPY a.txt /a.txt\nRUN cat /a.txt > /2\nCOPY b.txt /b.txt\n',
    'a.txt': 'a1\n', 'b.txt': 'b\n',
  });
  const first = await build(dir, ['-t', 'cache:1']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout.match(/Running in/g)?.length, 2);
  const second = await build(dir, ['-t', 'cache:2']);
  assert.equal(second.stdout.match(/Running in/g), null, second.stdout);
  assert.equal(second.stdout.match(/Using cache/g)?.length, 4);
  assert.equal((await inspect('cache:1')).Id, (await inspect('cache:2')).Id);
  writeFileSync(join(dir, 'a.txt'), 'a2\n');
  const third = await build(dir, ['-t', 'cache:3']);
  assert.equal(third.stdout.match(/Using cache/g)?.length, 1, third.stdout); // the first RUN only
  assert.equal(third.stdout.match(/Running in/g)?.length, 1);
  assert.equal(await run('cache:3', 'cat', '/2'), 'a2\n');
});

test('the cache survives a daemon restart', async () => {
  const dir = context('restart', { Dockerfile: 'FROM busybox\nRUN echo kept > /k\n' });
  assert.equal((await build(dir, ['-t', 'restart:1'])).code, 0);
  await daemon.stop();
  await daemon.start();
  const again = await build(dir, ['-t', 'restart:2']);
  assert.match(again.stdout, /Using cache/);
  assert.doesNotMatch(again.stdout, /Running in/);
});

test('a failing RUN stops the build with its exit code: no tag moves, no container is left', async () => {
  const dir = context('fail', { Dockerfile: 'FROM busybox\nRUN echo out; echo err >&2; exit 7\nRUN echo never\n' });
  const before = (await daemon.api('GET', '/containers/json?all=1')).json().length;
  const r = await build(dir, ['-t', 'fail:1']);
  assert.equal(r.code, 7);
  assert.match(r.stderr, /The command '\/bin\/sh -c echo out; echo err >&2; exit 7' returned a non-zero code: 7/);
  assert.match(r.stdout, /out/);
  assert.doesNotMatch(r.stdout, /never/);
  assert.equal((await daemon.api('GET', '/images/fail:1/json')).status, 404);
  assert.equal((await daemon.api('GET', '/containers/json?all=1')).json().length, before);
});

test('unknown instructions and missing sources fail with Docker\'s words', async () => {
  const bad = await build(context('bad', { Dockerfile: 'FROM busybox\nFROBNICATE x\n' }), []);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /dockerfile parse error line 2: unknown instruction: FROBNICATE/);
  const missing = await build(context('missing', { Dockerfile: 'FROM busybox\nCOPY nothere /x\n' }), []);
  assert.match(missing.stderr, /COPY failed: file not found in build context or excluded by \.dockerignore: stat nothere: file does not exist/);
});

/** POST /build with a tar made here (entries as given), the stream's text back. */
async function apiBuild(entries: Array<{ name: string; body?: string; type?: 'file' | 'symlink' | 'directory'; linkname?: string; mode?: number }>, query = ''): Promise<{ status: number; text: string; body: string }> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file', mode: e.mode ?? 0o644, ...(e.linkname ? { linkname: e.linkname } : {}) }, e.body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  const res = await daemon.api('POST', `/build?${query}`, Buffer.concat(chunks), { 'Content-Type': 'application/x-tar' }, 120_000);
  const text = res.body.split('\n').filter(Boolean).map((l) => { try { const m = JSON.parse(l); return m.stream ?? m.error ?? ''; } catch { return l; } }).join('');
  return { status: res.status, text, body: res.body };
}

test('heredocs, --chmod, --chown and ADD of a local tar (beyond the legacy builder)', async () => {
  const r = await apiBuild([{
    name: 'Dockerfile', body: [
      'FROM busybox', 'RUN <<EOF', 'echo one > /h1', 'echo two >> /h1', 'EOF',
      'ENV WHO=world', 'COPY --chmod=750 --chown=65534:65534 <<EOT /etc/greeting', 'hello $WHO', 'EOT',
      'COPY --chmod=600 f.txt /f.txt', 'CMD cat /h1 /etc/greeting && stat -c "%a %u:%g" /etc/greeting /f.txt', '',
    ].join('\n'),
  }, { name: 'f.txt', body: 'f\n' }], 't=heredoc:1');
  assert.equal(r.status, 200, r.body);
  assert.match(r.text, /Successfully tagged heredoc:1/, r.body);
  assert.equal(await run('heredoc:1'), 'one\ntwo\nhello world\n750 65534:65534\n600 0:0\n');
});

test('RUN --mount=type=cache keeps its files between builds; builder prune forgets the steps', async () => {
  const df = (n: number) => `FROM busybox\nRUN --mount=type=cache,target=/cache echo ${n} >> /cache/log && cat /cache/log > /seen\n`;
  assert.equal((await apiBuild([{ name: 'Dockerfile', body: df(1) }], 't=cm:1')).status, 200);
  assert.equal((await apiBuild([{ name: 'Dockerfile', body: df(2) }], 't=cm:2')).status, 200);
  assert.equal(await run('cm:2', 'cat', '/seen'), '1\n2\n');
  const prune = await daemon.api('POST', '/build/prune?all=1');
  assert.equal(prune.status, 200);
  assert.ok(prune.json().CachesDeleted?.length >= 2, prune.body);
  const again = await apiBuild([{ name: 'Dockerfile', body: df(1) }], 't=cm:3');
  assert.doesNotMatch(again.text, /Using cache\n ---> [0-9a-f]{12}\nSuccessfully/);
  assert.match(again.text, /Running in/);
});

test('bad contexts: traversal entries are refused, symlinks are followed inside the context only', async () => {
  const trav = await apiBuild([{ name: 'Dockerfile', body: 'FROM busybox\n' }, { name: '../../escape', body: 'x' }]);
  assert.equal(trav.status, 400, trav.body);
  const r = await apiBuild([
    { name: 'Dockerfile', body: 'FROM busybox\nCOPY link /copied\nCOPY d /d/\n' },
    { name: 'etc/passwd', body: 'from the context\n' },
    { name: 'link', type: 'symlink', linkname: '/etc/passwd' },
    { name: 'd/up', type: 'symlink', linkname: '../../../etc/shadow' },
  ], 't=links:1');
  assert.equal(r.status, 200, r.body);
  assert.equal(await run('links:1', 'cat', '/copied'), 'from the context\n');
  assert.equal(await run('links:1', 'readlink', '/d/up'), '../../../etc/shadow\n');
  const none = await apiBuild([{ name: 'Dockerfile', body: 'FROM busybox\nCOPY ../x /\n' }]);
  assert.match(none.text, /COPY failed: forbidden path outside the build context: \.\.\/x \(\)/);
});

test('POST /build refuses what it cannot do, and a missing Dockerfile', async () => {
  assert.equal((await apiBuild([{ name: 'x', body: '' }])).body.includes('Cannot locate specified Dockerfile: Dockerfile'), true);
  const remote = await daemon.api('POST', '/build?remote=http://example.invalid/x.tar', '');
  assert.equal(remote.status, 400);
});

test('--cache-from: an image saved and loaded elsewhere (no parent chain, no cache index) serves every step', async () => {
  const dir = context('cachefrom', { Dockerfile: 'FROM busybox\nENV A=1\nRUN echo one > /1\nCOPY f /f\nRUN cat /f > /2\nCMD ["cat", "/2"]\n', f: 'f\n' });
  const first = await build(dir, ['-t', 'cf:1']);
  assert.equal(first.code, 0, first.stderr);
  const id = (await inspect('cf:1')).Id;
  const file = join(work, 'cf.tar');
  assert.equal((await daemon.docker(['save', '-o', file, 'cf:1'])).code, 0);
  assert.equal((await daemon.docker(['rmi', 'cf:1'])).code, 0);
  assert.equal((await daemon.api('POST', '/build/prune?all=1')).status, 200);
  assert.equal((await daemon.docker(['load', '-i', file])).code, 0);
  const without = await build(dir, ['-t', 'cf:2']);
  assert.match(without.stdout, /Running in/);
  await daemon.docker(['rmi', 'cf:2']);
  assert.equal((await daemon.api('POST', '/build/prune?all=1')).status, 200);
  const again = await build(dir, ['--cache-from', 'cf:1', '-t', 'cf:3']);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /Running in/);
  assert.equal(again.stdout.match(/Using cache/g)?.length, 5, again.stdout);
  assert.equal((await inspect('cf:3')).Id, id);
});

test('independent stages build at once; ONBUILD triggers run in the child build', async () => {
  // /proc/uptime is the host's clock in 10 ms steps (busybox's date has no %N).
  const stage = (n: string) => `FROM busybox AS ${n}\nRUN cut -d' ' -f1 /proc/uptime > /start && sleep 1 && cut -d' ' -f1 /proc/uptime > /end\n`;
  const dir = context('parallel', {
    Dockerfile: `${stage('a')}${stage('b')}FROM busybox\nCOPY --from=a /start /a.start\nCOPY --from=a /end /a.end\nCOPY --from=b /start /b.start\nCOPY --from=b /end /b.end\n`,
  });
  const r = await build(dir, ['-t', 'par:1']);
  assert.equal(r.code, 0, r.stderr);
  const [aStart, aEnd, bStart, bEnd] = (await run('par:1', 'cat', '/a.start', '/a.end', '/b.start', '/b.end')).trim().split('\n').map(Number);
  assert.ok(bStart! < aEnd! && aStart! < bEnd!, 'the two RUNs overlapped');
  // The output still comes in Dockerfile order: stage a's steps before stage b's.
  const [s2, s3] = [r.stdout.indexOf('Step 2/9 : RUN'), r.stdout.indexOf('Step 3/9 : FROM busybox AS b')];
  assert.ok(s2 >= 0 && s2 < s3, r.stdout);
  const base = context('onbuild-base', { Dockerfile: 'FROM busybox\nONBUILD COPY hello.txt /hello.txt\nONBUILD RUN cat /hello.txt > /seen\n' });
  assert.equal((await build(base, ['-t', 'ob:base'])).code, 0);
  const child = context('onbuild-child', { Dockerfile: 'FROM ob:base\nCMD ["cat", "/seen"]\n', 'hello.txt': 'triggered\n' });
  const c = await build(child, ['-t', 'ob:child']);
  assert.match(c.stdout, /# Executing 2 build triggers/);
  assert.equal(await run('ob:child'), 'triggered\n');
  assert.equal((await inspect('ob:child')).Config.OnBuild, null);
});
