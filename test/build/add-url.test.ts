/**
 * ADD of a URL, fetched by the daemon (on the host's loopback, so this daemon shares the host's network;
 * no container is started): the file is named after the URL, 0600, with the server's Last-Modified time,
 * never unpacked; its checksum is the cache key, `--checksum` must match, a failing server fails the step.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import tar from 'tar-stream';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let server: http.Server;
let base: string;
let body = 'first\n';

before(async () => {
  d = await startDaemon([], { hostNetwork: true });
  await d.importBusybox();
  server = http.createServer((req, res) => {
    if (req.url === '/missing') return void res.writeHead(404).end();
    res.writeHead(200, { 'Last-Modified': 'Tue, 01 Dec 2026 10:00:00 GMT', 'Content-Type': 'application/gzip' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((r) => server?.close(r));
  await d?.cleanup();
});

async function build(dockerfile: string, tag: string): Promise<string> {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, dockerfile);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  const res = await d.api('POST', `/build?t=${tag}`, Buffer.concat(chunks), { 'Content-Type': 'application/x-tar' });
  return res.body.split('\n').filter(Boolean).map((l) => { const m = JSON.parse(l); return m.stream ?? `ERROR ${m.error ?? ''}\n`; }).join('');
}

/** A file of an image, read with `docker cp` from a created (never started) container. */
async function statIn(image: string, path: string): Promise<{ mode: number; mtime: number; text: string }> {
  const c = (await d.docker(['create', image])).stdout.trim();
  try {
    const r = await d.api('GET', `/containers/${c}/archive?path=${encodeURIComponent(path)}`);
    const stat = JSON.parse(Buffer.from(String(r.headers['x-docker-container-path-stat']), 'base64').toString());
    const text = (await d.docker(['cp', `${c}:${path}`, '-'])).stdout;
    return { mode: stat.mode & 0o777, mtime: Date.parse(stat.mtime), text };
  } finally {
    await d.docker(['rm', c]);
  }
}

test('ADD <url> downloads the file as Docker does, and the content decides the cache', async () => {
  const first = await build(`FROM busybox\nADD ${base}/files/data.tar.gz /dl/\n`, 'addurl:1');
  const sum = createHash('sha256').update(body).digest('hex');
  assert.match(first, new RegExp(`Step 2/2 : ADD ${base}/files/data.tar.gz /dl/\\n ---> [0-9a-f]{12}\\n`), first);
  const history = (await d.api('GET', '/images/addurl:1/history')).json();
  assert.equal(history[0].CreatedBy, `/bin/sh -c #(nop) ADD file:${sum} in /dl/ `);
  const f = await statIn('addurl:1', '/dl/data.tar.gz');
  assert.equal(f.mode, 0o600);
  assert.equal(f.mtime, Date.parse('2026-12-01T10:00:00Z'));
  assert.match(f.text, /first/); // not unpacked (it is not even a tar)
  assert.match(await build(`FROM busybox\nADD ${base}/files/data.tar.gz /dl/\n`, 'addurl:2'), /Using cache/);
  body = 'second\n';
  assert.doesNotMatch(await build(`FROM busybox\nADD ${base}/files/data.tar.gz /dl/\n`, 'addurl:3'), /Using cache/);
});

test('ADD --checksum must match; a failing server and COPY of a URL fail the step', async () => {
  const good = createHash('sha256').update(body).digest('hex');
  assert.match(await build(`FROM busybox\nADD --checksum=sha256:${good} ${base}/x /x\n`, 'addurl:sum'), /Successfully built/);
  assert.match(await build(`FROM busybox\nADD --checksum=sha256:${'0'.repeat(64)} ${base}/x /x\n`, 'addurl:bad'), /ERROR digest mismatch/);
  assert.match(await build(`FROM busybox\nADD ${base}/missing /x\n`, 'addurl:404'), /ERROR failed to GET .*\/missing with status 404/);
  assert.match(await build(`FROM busybox\nCOPY ${base}/x /x\n`, 'addurl:copy'), /ERROR source can't be a URL for COPY/);
});
