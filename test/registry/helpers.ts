/**
 * Test helpers for the registry suites: temp dirs, an in-process registry on 127.0.0.1:0, a test
 * CA made with openssl, OCI image layouts written from scratch (for skopeo and podman), bcrypt
 * htpasswd files, and a small HTTP client that returns status, headers and body.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { defaultConfig, type RegistryConfig } from '../../src/distribution/server/config.js';
import { RegistryServer } from '../../src/distribution/server/server.js';

export const sha = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A fresh temp dir, removed by `cleanup`. */
export async function tempDir(prefix = 'wharf-reg-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A running in-process registry on a free port with its own temp root. */
export interface TestRegistry {
  server: RegistryServer;
  url: string;
  /** `127.0.0.1:port` */
  host: string;
  root: string;
  close: () => Promise<void>;
}

export async function startRegistry(overrides: Partial<RegistryConfig> = {}, opts: { logStream?: NodeJS.WritableStream } = {}): Promise<TestRegistry> {
  const { dir, cleanup } = await tempDir();
  const config: RegistryConfig = { ...defaultConfig(), addr: '127.0.0.1:0', root: join(dir, 'root'), logLevel: 'silent', ...overrides };
  const server = await RegistryServer.create(config, opts);
  const addr = await server.listen();
  return {
    server, url: server.url, host: `127.0.0.1:${addr.port}`, root: config.root,
    close: async () => {
      await server.close(1000);
      await cleanup();
    },
  };
}

/** Runs a command; never throws for a non-zero exit (tests assert on `code`). */
export function run(cmd: string, args: string[], timeoutMs = 120_000, env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20, env: env ?? process.env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * A test CA and a server certificate for 127.0.0.1/localhost (and `ips`). `certDir` holds `ca.crt` (for --cert-dir);
 * `caKey` lets callers sign more certificates (client certs) with the same CA.
 */
export async function makeTestCA(dir: string, o: { ips?: string[] } = {}): Promise<{ cert: string; key: string; ca: string; caKey: string; certDir: string }> {
  const p = (f: string) => join(dir, f);
  const ossl = async (...args: string[]) => {
    const r = await run('openssl', args, 60_000);
    if (r.code !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  await ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=wharf test CA');
  await ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1');
  const ips = ['127.0.0.1', ...(o.ips ?? [])].map((ip) => `IP:${ip}`).join(',');
  await writeFile(p('ext.cnf'), `subjectAltName=${ips},DNS:localhost\nbasicConstraints=CA:FALSE\n`);
  await ossl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.crt'), '-days', '2', '-extfile', p('ext.cnf'));
  const certDir = p('certs.d');
  await mkdir(certDir, { recursive: true });
  await run('cp', [p('ca.pem'), join(certDir, 'ca.crt')]);
  return { cert: p('server.crt'), key: p('server.key'), ca: p('ca.pem'), caKey: p('ca.key'), certDir };
}

/** Writes an htpasswd file with bcrypt entries (low cost: tests only). */
export async function writeHtpasswd(path: string, users: Record<string, string>): Promise<void> {
  const lines = Object.entries(users).map(([u, pw]) => `${u}:${bcrypt.hashSync(pw, 5).replace(/^\$2b\$/, '$2y$')}`);
  await writeFile(path, lines.join('\n') + '\n');
}

/** A gzipped tar holding one regular file. */
export function tarGz(name: string, content: Buffer | string): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, data, pad, Buffer.alloc(1024)]));
}

/** An image made of blobs: config, layers, manifest (OCI types), all as bytes. */
export interface TestImage {
  config: Buffer;
  layers: Buffer[];
  manifest: Buffer;
  digest: string;
}

export function makeImage(opts: { files?: Record<string, string>; labels?: Record<string, string> } = {}): TestImage {
  const files = opts.files ?? { 'hello.txt': `hello ${Math.random()}` };
  const layers = Object.entries(files).map(([n, c]) => tarGz(n, c));
  const diffIds = layers.map((l) => sha(gunzipSync(l)));
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Labels: opts.labels ?? {} },
    rootfs: { type: 'layers', diff_ids: diffIds }, history: layers.map(() => ({ created_by: 'test' })),
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l), size: l.length })),
  }));
  return { config, layers, manifest, digest: sha(manifest) };
}

/** Writes an image as an OCI layout directory with `tag` as its ref name. */
export async function writeOciLayout(dir: string, img: TestImage, tag: string): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  for (const b of [img.config, img.manifest, ...img.layers]) await writeFile(join(blobs, sha(b).slice(7)), b);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: img.digest, size: img.manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  }));
}

/** An HTTP reply with the whole body. */
export interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTP request (fetch, no redirects followed). */
export async function http(method: string, url: string, opts: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Reply> {
  const res = await fetch(url, { method, headers: opts.headers, body: opts.body === undefined ? undefined : new Uint8Array(Buffer.from(opts.body)), redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

/** Error code of a spec error body. */
export function errorCode(r: Reply): string | undefined {
  try {
    return r.json().errors?.[0]?.code;
  } catch {
    return undefined;
  }
}

/** Pushes a blob monolithically (POST ?digest=); returns the reply. */
export function pushBlob(base: string, name: string, blob: Buffer): Promise<Reply> {
  return http('POST', `${base}/v2/${name}/blobs/uploads/?digest=${sha(blob)}`, {
    headers: { 'Content-Type': 'application/octet-stream' }, body: blob,
  });
}

/** Pushes a whole image (blobs, then manifest under `tag`); returns the manifest PUT reply. */
export async function pushImage(base: string, name: string, img: TestImage, tag: string): Promise<Reply> {
  for (const b of [img.config, ...img.layers]) {
    const r = await pushBlob(base, name, b);
    if (r.status !== 201) throw new Error(`blob push failed: ${r.status} ${r.body}`);
  }
  return http('PUT', `${base}/v2/${name}/manifests/${tag}`, {
    headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: img.manifest,
  });
}

/** Writes a multi-platform OCI layout: an index of `images` (one per platform) tagged `tag`. */
export async function writeOciIndexLayout(dir: string, images: { img: TestImage; os: string; architecture: string }[], tag: string): Promise<string> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  for (const { img } of images) for (const b of [img.config, img.manifest, ...img.layers]) await writeFile(join(blobs, sha(b).slice(7)), b);
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: images.map(({ img, os, architecture }) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: img.digest, size: img.manifest.length, platform: { os, architecture } })),
  }));
  await writeFile(join(blobs, sha(index).slice(7)), index);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha(index), size: index.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  }));
  return sha(index);
}
