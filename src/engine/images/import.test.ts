/** Import sources from URLs: Docker's errors before the first byte, a timeout, a size cap (on a loopback server). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fetchImportUrl } from './import.js';

let server: http.Server;
let base: string;
const sockets = new Set<net.Socket>();

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/x.tar') return void res.end(Buffer.alloc(5000, 1));
    if (req.url === '/slow') return; // never answers
    res.writeHead(404).end('no such file');
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

async function drain(s: NodeJS.ReadableStream): Promise<number> {
  let n = 0;
  for await (const c of s) n += (c as Buffer).length;
  return n;
}

test('a URL that answers 404 is Docker\'s "failed to GET … with status …" as a 404', async () => {
  await assert.rejects(fetchImportUrl(`${base}/missing.tar`), { code: 'NOT_FOUND', message: `failed to GET ${base}/missing.tar with status 404 Not Found: no such file` });
});

test('a refused connection reads as Go\'s dial error', async () => {
  const port = await new Promise<number>((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => r(p)); }); });
  await assert.rejects(fetchImportUrl(`http://127.0.0.1:${port}/x.tar`), { code: 'INTERNAL', message: `Get "http://127.0.0.1:${port}/x.tar": dial tcp 127.0.0.1:${port}: connect: connection refused` });
});

test('a server that never answers times out; one that sends too much is cut at the cap', async () => {
  await assert.rejects(fetchImportUrl(`${base}/slow`, undefined, { timeoutMs: 200, maxBytes: 1e6 }), { message: /timeout awaiting response headers/ });
  const seen: number[] = [];
  assert.equal(await drain(await fetchImportUrl(`${base}/x.tar`, (n) => seen.push(n), { timeoutMs: 5000, maxBytes: 5000 })), 5000);
  assert.equal(seen.at(-1), 5000, 'progress ends at the total');
  await assert.rejects(drain(await fetchImportUrl(`${base}/x.tar`, undefined, { timeoutMs: 5000, maxBytes: 1000 })), { code: 'INVALID_ARGUMENT', message: 'import source is larger than 1000 bytes' });
});
