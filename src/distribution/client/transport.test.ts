import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transport, describeTransportError, readBody } from './transport.js';
import { RegistryContentError, RegistryTransportError } from './errors.js';

test('transport failures read as Go\'s net/http errors', () => {
  const e = (code: string) => Object.assign(new Error('x'), { code });
  assert.equal(describeTransportError('GET', 'http://127.0.0.1:5999/v2/', e('ECONNREFUSED')), 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused');
  assert.equal(describeTransportError('HEAD', 'https://r.example/v2/', e('UNABLE_TO_VERIFY_LEAF_SIGNATURE')), 'Head "https://r.example/v2/": x509: certificate signed by unknown authority');
  assert.equal(describeTransportError('GET', 'https://nohost.invalid/v2/', e('ENOTFOUND')), 'Get "https://nohost.invalid/v2/": dial tcp: lookup nohost.invalid: no such host');
});

test('GETs are retried after a 5xx with back-off; a connection refused fails after the attempts', async () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    if (hits < 3) res.writeHead(503).end();
    else res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const t = new Transport({ backoffMs: 5 });
  try {
    const res = await t.send({ method: 'GET', url: `http://127.0.0.1:${port}/x`, tls: { verify: true } });
    assert.equal(res.status, 200);
    assert.equal((await readBody(res.body)).toString(), 'ok');
    assert.equal(hits, 3);
    await new Promise((r) => server.close(r));
    await assert.rejects(t.send({ method: 'GET', url: `http://127.0.0.1:${port}/x`, tls: { verify: true } }), RegistryTransportError);
  } finally {
    await t.close();
  }
});

test('a body over the limit is refused as content, not read to its end', async () => {
  const server = createServer((_req, res) => res.writeHead(200).end(Buffer.alloc(3000)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const t = new Transport();
  try {
    const res = await t.send({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, tls: { verify: true } });
    await assert.rejects(readBody(res.body, 1000, 'manifest'), (e: Error) => e instanceof RegistryContentError && e.message === 'manifest exceeds 1000 bytes');
  } finally {
    await t.close();
    await new Promise((r) => server.close(r));
  }
});
