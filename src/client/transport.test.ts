import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRegistryAuth, encodeRegistryAuth } from './auth.js';
import { ApiError, ConnectionError } from './errors.js';
import { hijack } from './hijack.js';
import { Transport, encodeQuery, parseDaemonHost } from './transport.js';

test('encodeQuery sorts keys, drops false/undefined, sends true as 1, repeats arrays', () => {
  assert.equal(encodeQuery({ stream: true, stdout: true, stdin: false, b: undefined, changes: ['CMD ["sh"]', 'ENV A=1'] }),
    '?changes=CMD%20%5B%22sh%22%5D&changes=ENV%20A%3D1&stdout=1&stream=1');
  assert.equal(encodeQuery({}), '');
});

test('parseDaemonHost', () => {
  assert.deepEqual(parseDaemonHost('unix:///run/wharf/wharf.sock'), { url: 'unix:///run/wharf/wharf.sock', socketPath: '/run/wharf/wharf.sock' });
  assert.equal(parseDaemonHost('tcp://127.0.0.1:2375').port, 2375);
  assert.throws(() => parseDaemonHost('bogus://x'));
});

test('X-Registry-Auth is padded base64url JSON', () => {
  const h = encodeRegistryAuth({ username: 'u', password: 'p?>' });
  assert.equal(h.length % 4, 0);
  assert.ok(!/[+/]/.test(h));
  assert.deepEqual(decodeRegistryAuth(h), { username: 'u', password: 'p?>' });
});

/** A scripted Engine API double on a unix socket (protocol-level test of the client). */
async function withServer(handler: http.RequestListener, body: (t: Transport, seen: string[]) => Promise<void>,
  onUpgrade?: (req: http.IncomingMessage, socket: import('node:net').Socket) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-client-'));
  const sock = join(dir, 's.sock');
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  if (onUpgrade) server.on('upgrade', (req, socket) => { seen.push(`UPGRADE ${req.url}`); onUpgrade(req, socket as import('node:net').Socket); });
  await new Promise<void>((r) => server.listen(sock, r));
  const t = new Transport(parseDaemonHost(`unix://${sock}`));
  try {
    await body(t, seen);
  } finally {
    t.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}

function pingThen(status: number, json: unknown, apiVersion = '1.41'): http.RequestListener {
  return (req, res) => {
    if (req.url === '/_ping') {
      res.writeHead(200, { 'Api-Version': apiVersion, 'Content-Length': 0 }).end();
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
  };
}

test('negotiates min(client, server) version once and prefixes paths', async () => {
  await withServer(pingThen(200, [{ Id: 'x' }]), async (t, seen) => {
    assert.deepEqual(await t.json({ method: 'GET', path: '/containers/json', query: { all: true } }), [{ Id: 'x' }]);
    await t.json({ method: 'GET', path: '/images/json' });
    assert.deepEqual(seen, ['HEAD /_ping', 'GET /v1.41/containers/json?all=1', 'GET /v1.41/images/json']);
  });
  await withServer(pingThen(200, {}, '1.99'), async (t) => assert.equal(await t.version(), '1.50'));
});

test('ping falls back to GET when HEAD is refused', async () => {
  const handler: http.RequestListener = (req, res) => {
    if (req.method === 'HEAD') res.writeHead(405).end();
    else res.writeHead(200, { 'Api-Version': '1.44' }).end('OK');
  };
  await withServer(handler, async (t, seen) => {
    assert.equal(await t.version(), '1.44');
    assert.deepEqual(seen, ['HEAD /_ping', 'GET /_ping']);
  });
});

test('error statuses become ApiError with the daemon message', async () => {
  await withServer(pingThen(404, { message: 'No such container: x' }), async (t) => {
    await assert.rejects(t.json({ method: 'GET', path: '/containers/x/json' }), (e: unknown) =>
      e instanceof ApiError && e.status === 404 && e.notFound && e.display() === 'Error response from daemon: No such container: x');
  });
});

test('a missing socket is a ConnectionError with docker wording', async () => {
  const t = new Transport(parseDaemonHost('unix:///nonexistent/wharf.sock'));
  await assert.rejects(t.version(), (e: unknown) => e instanceof ConnectionError
    && e.message === 'Cannot connect to the Docker daemon at unix:///nonexistent/wharf.sock. Is the docker daemon running?');
});

test('hijack upgrades, keeps bytes sent with the 101, and supports half-close', async () => {
  const onUpgrade = (_req: http.IncomingMessage, socket: import('node:net').Socket): void => {
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nearly:');
    let got = '';
    socket.on('data', (d) => (got += d));
    socket.on('end', () => socket.end(`echo:${got}`));
  };
  await withServer(pingThen(200, {}), async (t, seen) => {
    const h = await hijack(t, { path: '/containers/c/attach', query: { stream: true, stdin: true } });
    assert.equal(h.contentType, 'application/vnd.docker.raw-stream');
    h.socket.end('stdin-data');
    let out = '';
    for await (const c of h.socket) out += c;
    assert.equal(out, 'early:echo:stdin-data');
    assert.ok(seen.includes('UPGRADE /v1.41/containers/c/attach?stdin=1&stream=1'));
  }, onUpgrade);
});

test('hijack rejects with ApiError when the daemon answers with an error', async () => {
  await withServer(pingThen(404, { message: 'No such container: c' }), async (t) => {
    await assert.rejects(hijack(t, { path: '/containers/c/attach' }), (e: unknown) => e instanceof ApiError && e.status === 404);
  }, (_req, socket) => {
    const body = JSON.stringify({ message: 'No such container: c' });
    socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  });
});
