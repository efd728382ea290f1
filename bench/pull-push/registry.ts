/**
 * A loopback registry for the benchmark, on a free port and a root of its own: Debian's
 * docker-registry (distribution 2.8) or Wharf's (`wharf registry serve`), both logging errors only.
 * `upload` pushes a variant image into it straight over the distribution API (monolithic blob PUTs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DOCKER_MANIFEST, type BenchImage, manifest } from './image.js';
import { layerStream } from './layers.js';

export type RegistryKind = 'distribution' | 'wharf';
const WHARF_MAIN = fileURLToPath(new URL('../../src/distribution/server/main.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().on('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export class BenchRegistry {
  private constructor(readonly root: string, readonly host: string, readonly proc: ChildProcess) {}

  get url(): string { return `http://${this.host}`; }

  /** Starts a registry on `root` (made here) and waits until `/v2/` answers (10 s at most). */
  static async start(kind: RegistryKind, root: string): Promise<BenchRegistry> {
    const host = `127.0.0.1:${await freePort()}`;
    mkdirSync(join(root, 'data'), { recursive: true });
    let proc: ChildProcess;
    if (kind === 'wharf') {
      proc = spawn(process.execPath, [WHARF_MAIN, 'serve', '--addr', host, '--root', join(root, 'data'), '--log-level', 'error'], { stdio: 'inherit' });
    } else {
      const cfg = join(root, 'config.yml');
      writeFileSync(cfg, `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(root, 'data')}\nhttp:\n  addr: ${host}\n`);
      // It logs every 404 answer (the HEADs before an upload) as an error: into a file, shown if it fails to start.
      const log = openSync(join(root, 'registry.log'), 'w');
      proc = spawn('docker-registry', ['serve', cfg], { stdio: ['ignore', 'ignore', log] });
      closeSync(log);
    }
    const r = new BenchRegistry(root, host, proc);
    for (let i = 0; i < 100 && proc.exitCode === null; i++) {
      if (await fetch(`${r.url}/v2/`).then((res) => res.ok, () => false)) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    await r.stop();
    const log = existsSync(join(root, 'registry.log')) ? readFileSync(join(root, 'registry.log'), 'utf8').trim() : '';
    throw new Error(`${kind} registry on ${host} did not come up${log ? `: ${log}` : ''}`);
  }

  /** Stops the server (SIGTERM) and waits for it; its files stay. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode) return resolve();
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGTERM');
    });
  }

  /** Bytes in the registry's storage: after a push, what the pusher uploaded (plus a few KB of links). */
  async storedBytes(): Promise<number> {
    const entries = await readdir(join(this.root, 'data'), { recursive: true, withFileTypes: true });
    const sizes = await Promise.all(entries.filter((e) => e.isFile()).map((e) => stat(join(e.path, e.name)).then((s) => s.size)));
    return sizes.reduce((a, b) => a + b, 0);
  }

  /** Pushes `img` as `repo:tag` (Docker schema 2 manifest), `parallel` blobs at a time. */
  async upload(repo: string, tag: string, img: BenchImage, parallel = 3): Promise<void> {
    const queue = [...img.layers];
    await Promise.all(Array.from({ length: parallel }, async () => {
      for (let l = queue.shift(); l; l = queue.shift()) await this.#putBlob(repo, l.digest, l.size, layerStream(l));
    }));
    await this.#putBlob(repo, img.configDigest, img.config.length, img.config);
    const m = manifest(img, 'docker');
    const res = await fetch(`${this.url}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body: new Uint8Array(m), headers: { 'Content-Type': DOCKER_MANIFEST } });
    if (res.status !== 201) throw new Error(`PUT manifest ${repo}:${tag}: ${res.status} ${await res.text()}`);
  }

  /** Opens an upload session; its URL. */
  async startUpload(repo: string): Promise<URL> {
    const res = await fetch(`${this.url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
    const location = res.headers.get('location');
    if (res.status !== 202 || !location) throw new Error(`POST upload ${repo}: ${res.status}`);
    return new URL(location, this.url);
  }

  async #putBlob(repo: string, digest: string, size: number, body: Readable | Buffer): Promise<void> {
    const url = await this.startUpload(repo);
    url.searchParams.set('digest', digest);
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': size } }, (res) => {
        res.resume().on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`PUT blob ${digest}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      if (Buffer.isBuffer(body)) req.end(body);
      else body.on('error', reject).pipe(req);
    });
  }
}
