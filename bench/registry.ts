/**
 * Registry benchmark: wharf's registry against Debian's docker-registry (distribution 2.8) in the
 * same run, on the same disk, interleaved A B A B.
 *
 *   node dist/bench/registry.js [--rounds 3] [--push-mb 500] [--seconds 3] [--clients 50] [--only get|push]
 *
 * Figures: blob GET throughput (MB/s) with 50 parallel keep-alive clients each fetching a 16 MiB
 * blob; requests/s with 50 parallel clients GETting a 1 KiB blob; wall time of `skopeo copy` of a
 * ~500 MB image (5 uncompressed tar layers of random bytes) from an OCI layout into a fresh registry.
 * Both servers log at error level only (distribution's access log off). Not part of `npm test`.
 */
import { spawn, type ChildProcess, execFile } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/distribution/server/main.js', import.meta.url));
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Options { rounds: number; pushMb: number; seconds: number; clients: number; only?: string }

function options(argv: string[]): Options {
  const o: Options = { rounds: 3, pushMb: 500, seconds: 3, clients: 50 };
  for (let i = 0; i < argv.length; i += 2) {
    const v = Number(argv[i + 1]);
    if (argv[i] === '--rounds') o.rounds = v;
    else if (argv[i] === '--push-mb') o.pushMb = v;
    else if (argv[i] === '--seconds') o.seconds = v;
    else if (argv[i] === '--clients') o.clients = v;
    else if (argv[i] === '--only') o.only = argv[i + 1];
  }
  return o;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server { name: string; url: string; host: string; proc: ChildProcess; stop: () => Promise<void> }
type Kind = 'wharf' | 'docker-registry';

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/v2/`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function start(kind: Kind, root: string): Promise<Server> {
  const port = await freePort();
  await mkdir(root, { recursive: true });
  let proc: ChildProcess;
  if (kind === 'wharf') {
    proc = spawn(process.execPath, [MAIN, 'serve', '--addr', `127.0.0.1:${port}`, '--root', root, '--log-level', 'error'], { stdio: 'inherit' });
  } else {
    const cfg = join(root, '..', `${port}.yml`);
    await writeFile(cfg, `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${root}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
    proc = spawn('docker-registry', ['serve', cfg], { stdio: 'ignore' });
  }
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url);
  const stop = () => new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  return { name: kind, url, host: `127.0.0.1:${port}`, proc, stop };
}

async function pushBlob(url: string, repo: string, blob: Buffer): Promise<void> {
  const post = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  const loc = new URL(post.headers.get('location')!, url);
  loc.searchParams.set('digest', sha(blob));
  const put = await fetch(loc, { method: 'PUT', body: new Uint8Array(blob), headers: { 'Content-Type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`push failed: ${put.status}`);
}

/** GETs `path` and discards the body; resolves with the byte count. */
function get(agent: Agent, url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(`${url}${path}`, { agent }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
    });
    r.on('error', reject);
    r.end();
  });
}

async function throughput(s: Server, digest: string, clients: number, perClient: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const t0 = process.hrtime.bigint();
  const bytes = await Promise.all(Array.from({ length: clients }, async () => {
    let n = 0;
    for (let i = 0; i < perClient; i++) n += await get(agent, s.url, `/v2/bench/blobs/blobs/${digest}`);
    return n;
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  return bytes.reduce((a, b) => a + b, 0) / secs / 1e6;
}

async function requestRate(s: Server, digest: string, clients: number, seconds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const until = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  const counts = await Promise.all(Array.from({ length: clients }, async () => {
    let n = 0;
    while (Date.now() < until) {
      await get(agent, s.url, `/v2/bench/blobs/blobs/${digest}`);
      n++;
    }
    return n;
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  return counts.reduce((a, b) => a + b, 0) / secs;
}

/** Writes an OCI layout with `layers` uncompressed tar layers of random bytes, `mb` MB in total. */
async function makePushImage(dir: string, mb: number, layers = 5): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const descs: { mediaType: string; digest: string; size: number }[] = [];
  const perLayer = Math.floor((mb * 1e6) / layers / 512) * 512;
  for (let l = 0; l < layers; l++) descs.push(await writeRandomTar(blobs, `layer${l}.bin`, perLayer));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) } }));
  await writeFile(join(blobs, sha(config).slice(7)), config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length }, layers: descs,
  }));
  await writeFile(join(blobs, sha(manifest).slice(7)), manifest);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
}

async function writeRandomTar(blobs: string, name: string, size: number): Promise<{ mediaType: string; digest: string; size: number }> {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(size.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\x0000', 257);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const hash = createHash('sha256');
  const tmp = join(blobs, `.tmp-${name}`);
  const out = createWriteStream(tmp);
  const write = (b: Buffer) => new Promise<void>((r) => (out.write(b) ? r() : out.once('drain', () => r())));
  const chunks = [header];
  for (let left = size; left > 0; left -= 1 << 20) chunks.push(randomFillSync(Buffer.alloc(Math.min(left, 1 << 20))));
  chunks.push(Buffer.alloc(1024));
  let total = 0;
  for (const c of chunks) {
    hash.update(c);
    total += c.length;
    await write(c);
  }
  await new Promise<void>((r) => out.end(() => r()));
  const digest = `sha256:${hash.digest('hex')}`;
  const { rename } = await import('node:fs/promises');
  await rename(tmp, join(blobs, digest.slice(7)));
  return { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: total };
}

function skopeoCopy(layout: string, host: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile('skopeo', ['copy', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${host}/bench/push:v1`], { maxBuffer: 1 << 24 }, (err, _o, stderr) => {
      if (err) reject(new Error(`skopeo: ${stderr}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e9);
    });
  });
}

function sh(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(cmd, args, (err) => (err ? reject(err) : resolve())));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (xs: number[], digits: number) => (xs.length ? `${median(xs).toFixed(digits)} (${xs.map((x) => x.toFixed(digits)).join(', ')})` : 'not run');

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const work = await mkdtemp(join(tmpdir(), 'wharf-bench-'));
  const kinds: Kind[] = ['wharf', 'docker-registry'];
  const results: Results = {
    wharf: { mbps: [], rps: [], push: [] }, 'docker-registry': { mbps: [], rps: [], push: [] },
  };
  try {
    if (o.only !== 'push') await getBenchmarks(o, work, kinds, results);
    if (o.only !== 'get') await pushBenchmarks(o, work, kinds, results);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  report(o, results);
}

type Results = Record<Kind, { mbps: number[]; rps: number[]; push: number[] }>;

async function getBenchmarks(o: Options, work: string, kinds: Kind[], results: Results): Promise<void> {
  const big = randomFillSync(Buffer.alloc(16 << 20));
  const small = randomFillSync(Buffer.alloc(1024));
  const servers: Server[] = [];
  for (const k of kinds) {
    const s = await start(k, join(work, `${k}-get`));
    await pushBlob(s.url, 'bench/blobs', big);
    await pushBlob(s.url, 'bench/blobs', small);
    await throughput(s, sha(big), 4, 1); // warm the page cache and JITs
    servers.push(s);
  }
  for (let r = 0; r < o.rounds; r++) {
    for (const s of servers) {
      results[s.name as Kind].mbps.push(await throughput(s, sha(big), o.clients, 2));
      results[s.name as Kind].rps.push(await requestRate(s, sha(small), o.clients, o.seconds));
    }
  }
  for (const s of servers) await s.stop();
}

async function pushBenchmarks(o: Options, work: string, kinds: Kind[], results: Results): Promise<void> {
  console.error(`writing a ${o.pushMb} MB image…`);
  const layout = join(work, 'push-image');
  await makePushImage(layout, o.pushMb);
  await sh('sync', []);
  for (let r = 0; r < o.rounds; r++) {
    for (const k of kinds) {
      const s = await start(k, join(work, `${k}-push-${r}`));
      await sh('sync', []); // each run starts with no dirty pages of the previous one
      results[k].push.push(await skopeoCopy(layout, s.host));
      await s.stop();
    }
  }
}

function report(o: Options, results: Results): void {
  console.log(`registry benchmark: ${o.clients} clients, ${o.rounds} interleaved rounds; median (runs)`);
  console.log(`${'metric'.padEnd(36)}${'wharf'.padEnd(36)}docker-registry 2.8`);
  const row = (label: string, key: 'mbps' | 'rps' | 'push', digits: number) =>
    console.log(`${label.padEnd(36)}${fmt(results.wharf[key], digits).padEnd(36)}${fmt(results['docker-registry'][key], digits)}`);
  row('blob GET MB/s (16 MiB blob)', 'mbps', 0);
  row('requests/s (1 KiB blob GET)', 'rps', 0);
  row(`skopeo push ${o.pushMb} MB, seconds`, 'push', 2);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
