/**
 * `docker import <url>` through the real docker CLI and the API, from a loopback HTTP server, as
 * Docker answers (/work/oracle/answers.md §13): progress lines then the ID; a 404 is a plain 404
 * before any stream; a refused connection a 500 with Go's dial error.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { busyboxTar } from '../helpers/busybox.js';

let d: TestDaemon;
let server: http.Server;
let base: string;

before(async () => {
  // The daemon fetches from this test's loopback server, so it shares the test's network namespace.
  d = await startDaemon([], { hostNetwork: true });
  const tar = readFileSync(busyboxTar());
  server = http.createServer((req, res) => {
    if (req.url === '/bb.tar') return void res.writeHead(200, { 'Content-Length': tar.length }).end(tar);
    res.writeHead(404).end('nothing here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await d.cleanup();
});

test('import from a URL streams Downloading, Importing progress, then the ID; the image runs', async () => {
  const r = await d.api('POST', `/v1.50/images/create?fromSrc=${encodeURIComponent(`${base}/bb.tar`)}&repo=fromurl&tag=1&changes=${encodeURIComponent('CMD ["sh"]')}`);
  assert.equal(r.status, 200);
  const lines = r.body.trim().split('\r\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { status: `Downloading from ${base}/bb.tar` });
  assert.ok(lines.slice(1, -1).every((l) => l.status === 'Importing' && l.progressDetail.total > 0));
  assert.match(lines.at(-1).status, /^sha256:[a-f0-9]{64}$/);
  const run = await d.docker(['run', '--rm', '--network', 'none', 'fromurl:1', 'echo', 'ok']);
  assert.equal(run.stdout, 'ok\n');
  const history = (await d.api('GET', '/v1.50/images/fromurl:1/history')).json();
  assert.equal(history[0].Comment, `Imported from ${base}/bb.tar`);
});

test('a URL that answers 404 is an HTTP 404 before any stream; a refused one a 500', async () => {
  const missing = await d.api('POST', `/v1.50/images/create?fromSrc=${encodeURIComponent(`${base}/missing.tar`)}&repo=t`);
  assert.deepEqual([missing.status, missing.json()], [404, { message: `failed to GET ${base}/missing.tar with status 404 Not Found: nothing here` }]);
  const cli = await d.docker(['import', `${base}/missing.tar`, 't:2']);
  assert.equal(cli.code, 1);
  assert.equal(cli.stderr, `Error response from daemon: failed to GET ${base}/missing.tar with status 404 Not Found: nothing here\n`);
  const port = await new Promise<number>((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => r(p)); }); });
  const refused = await d.api('POST', `/v1.50/images/create?fromSrc=${encodeURIComponent(`http://127.0.0.1:${port}/x.tar`)}&repo=t`);
  assert.deepEqual([refused.status, refused.json().message], [500, `Get "http://127.0.0.1:${port}/x.tar": dial tcp 127.0.0.1:${port}: connect: connection refused`]);
  assert.equal((await d.api('GET', '/v1.50/images/json')).json().length, 1, 'nothing half-imported');
});
