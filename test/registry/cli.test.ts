/**
 * The command line: help text, flag errors, `serve` as a real process configured by YAML (graceful
 * stop on SIGTERM with a request in flight), crash safety under kill -9 mid-upload, and `gc`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { registryCommand } from '../../src/distribution/server/main.js';
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { http, makeTestCA, sha, tempDir, writeHtpasswd } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/distribution/server/main.js', import.meta.url));

function capture() {
  let text = '';
  const s = new PassThrough();
  s.on('data', (c: Buffer) => (text += c.toString()));
  return { stream: s, text: () => text };
}

/** Starts `main.js serve …`; resolves with the process and its URL once it logs "listening". */
function serve(args: string[]): Promise<{ proc: ChildProcess; url: string; stderr: () => string }> {
  const proc = spawn(process.execPath, [MAIN, 'serve', '--addr', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${err}`)), 10_000);
    proc.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /"listening" url="([^"]+)"/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, stderr: () => err });
      }
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.on('exit', (c) => r(c))));

/** Starts a streaming upload and returns a writer for the body and the reply promise. */
function streamingUpload(url: string, digest: string) {
  const u = new URL(`${url}/v2/cli/stream/blobs/uploads/?digest=${digest}`);
  let resolveReply!: (s: number) => void;
  const reply = new Promise<number>((r) => (resolveReply = r));
  const req = request(u, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
    res.resume();
    res.on('end', () => resolveReply(res.statusCode ?? 0));
  });
  req.on('error', () => resolveReply(-1));
  return { req, reply };
}

describe('wharf registry CLI', { timeout: 60_000 }, () => {
  it('prints Docker-style help and refuses unknown flags', async () => {
    const out = capture();
    const err = capture();
    assert.equal(await registryCommand(['serve', '--help'], { stdout: out.stream, stderr: err.stream }), 0);
    assert.match(out.text(), /^\nUsage: {2}wharf registry serve \[OPTIONS\]\n/);
    assert.match(out.text(), /Options:\n {6}--addr host:port +Address to listen on \(default "127\.0\.0\.1:5000"\)/);
    assert.equal(await registryCommand(['gc', '--help'], { stdout: out.stream, stderr: err.stream }), 0);
    assert.match(out.text(), /wharf registry gc \[OPTIONS\][\s\S]*--dry-run/);
    assert.equal(await registryCommand(['serve', '--bogus'], { stdout: out.stream, stderr: err.stream }), 125);
    assert.match(err.text(), /unknown flag: --bogus/);
    assert.equal(await registryCommand(['frob'], { stdout: out.stream, stderr: err.stream }), 1);
  });

  it('serves with a YAML config and stops gracefully on SIGTERM, finishing a request in flight', async () => {
    const t = await tempDir();
    try {
      await writeFile(join(t.dir, 'config.yml'), `log:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: ${join(t.dir, 'root')}\n  delete:\n    enabled: true\n`);
      const { proc, url, stderr } = await serve(['--config', join(t.dir, 'config.yml')]);
      const blob = Buffer.from('first half|second half');
      const up = streamingUpload(url, sha(blob));
      up.req.write(blob.subarray(0, 11));
      await new Promise((r) => setTimeout(r, 200));
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      up.req.end(blob.subarray(11));
      assert.equal(await up.reply, 201);
      assert.equal(await exited(proc), 0);
      assert.match(stderr(), /"shutting down" signal="SIGTERM"/);
      assert.match(stderr(), /"stopped"/);
      const again = await serve(['--config', join(t.dir, 'config.yml')]);
      assert.equal((await http('DELETE', `${again.url}/v2/cli/stream/blobs/${sha(blob)}`)).status, 202, 'delete enabled by the YAML file');
      again.proc.kill('SIGINT');
      assert.equal(await exited(again.proc), 0);
    } finally {
      await t.cleanup();
    }
  });

  it('serves HTTPS with Basic auth from the --tls-cert, --tls-key and --htpasswd flags', async () => {
    const t = await tempDir();
    try {
      const ca = await makeTestCA(t.dir);
      await writeHtpasswd(join(t.dir, 'htpasswd'), { ci: 'pw' });
      const { proc, url } = await serve(['--root', join(t.dir, 'root'), '--tls-cert', ca.cert, '--tls-key', ca.key, '--htpasswd', join(t.dir, 'htpasswd')]);
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const caPem = await readFile(ca.ca);
      const get = (auth?: string) => new Promise<number>((resolve, reject) => {
        const r = httpsRequest(`${url}/v2/`, { ca: caPem, headers: auth ? { Authorization: auth } : {} }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        r.on('error', reject);
        r.end();
      });
      assert.equal(await get(), 401);
      assert.equal(await get(`Basic ${Buffer.from('ci:nope').toString('base64')}`), 401);
      assert.equal(await get(`Basic ${Buffer.from('ci:pw').toString('base64')}`), 200);
      proc.kill('SIGTERM');
      assert.equal(await exited(proc), 0);
    } finally {
      await t.cleanup();
    }
  });

  it('leaves no visible blob after kill -9 in the middle of an upload', async () => {
    const t = await tempDir();
    try {
      const root = join(t.dir, 'root');
      const { proc, url } = await serve(['--root', root]);
      const blob = Buffer.alloc(4 << 20, 1);
      const up = streamingUpload(url, sha(blob));
      up.req.write(blob.subarray(0, 3 << 20));
      await new Promise((r) => setTimeout(r, 300));
      proc.kill('SIGKILL');
      await exited(proc);
      await up.reply;
      const shards = await readdir(join(root, 'blobs', 'sha256')).catch(() => []);
      assert.deepEqual(shards, [], 'no blob files at all');
      assert.equal((await readdir(join(root, 'uploads'))).length, 1, 'the half upload stays a session');
      const again = await serve(['--root', root]);
      assert.equal((await http('HEAD', `${again.url}/v2/cli/stream/blobs/${sha(blob)}`)).status, 404);
      again.proc.kill('SIGTERM');
      await exited(again.proc);
    } finally {
      await t.cleanup();
    }
  });

  it('runs gc with --dry-run and for real', async () => {
    const t = await tempDir();
    try {
      const root = join(t.dir, 'root');
      const { proc, url } = await serve(['--root', root]);
      const orphan = Buffer.from('nobody references me');
      assert.equal((await http('POST', `${url}/v2/cli/gc/blobs/uploads/?digest=${sha(orphan)}`, { body: orphan })).status, 201);
      proc.kill('SIGTERM');
      await exited(proc);
      const out = capture();
      const io = { stdout: out.stream, stderr: capture().stream };
      assert.equal(await registryCommand(['gc', '--root', root, '--dry-run', '--grace', '0s'], io), 0);
      assert.match(out.text(), /would delete 0 manifests and 1 blobs/);
      assert.equal((await readdir(join(root, 'blobs', 'sha256'))).length, 1);
      assert.equal(await registryCommand(['gc', '--root', root, '--grace', '0s'], io), 0);
      assert.match(out.text(), /deleted 0 manifests and 1 blobs \(20 bytes\)/);
      assert.deepEqual(await readdir(join(root, 'blobs', 'sha256', sha(orphan).slice(7, 9))), []);
    } finally {
      await t.cleanup();
    }
  });
});
