/**
 * Save/load benchmark: `docker load` and `docker save` of a ~230 MB (gzip) 5-layer image on wharfd
 * (Engine API over its socket) beside podman (`podman load` / `podman save`, private storage root,
 * overlay driver), interleaved per round (wharf, podman, wharf, podman…). The image is a
 * docker-archive made once from bench/unpack.ts's layers (/var/tmp/wharf-bench). Each round loads
 * into an empty store, saves to a fresh file, then removes the image (wharf's GC sweeps it).
 *
 *   node dist/bench/images.js [--rounds 3] [--layers 5]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, linkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';

const CACHE = '/var/tmp/wharf-bench';
const TAG = 'bench/img:1';

function layerFiles(count: number): string[] {
  const files = execFileSync('sh', ['-c', `ls ${CACHE}/layer-*.tar.gz | sort`]).toString().trim().split('\n').filter(Boolean);
  if (files.length < count) throw new Error(`run node dist/bench/unpack.js first: it makes the layers in ${CACHE}`);
  return files.slice(0, count);
}

/** A docker-archive of the gzip layers (made once). */
function ensureArchive(count: number): string {
  const out = join(CACHE, `image-${count}.tar`);
  if (existsSync(out)) return out;
  const stage = join(CACHE, `stage-${process.pid}`);
  mkdirSync(stage, { recursive: true });
  const layers = layerFiles(count);
  const diffIds = layers.map((l) => `sha256:${execFileSync('sh', ['-c', `gzip -dc ${l} | sha256sum`]).toString().split(' ')[0]}`);
  layers.forEach((l, i) => linkSync(l, join(stage, `l${i}.tar.gz`)));
  const config = { architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: diffIds }, history: diffIds.map(() => ({ created_by: 'bench' })) };
  writeFileSync(join(stage, 'config.json'), JSON.stringify(config));
  writeFileSync(join(stage, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: [TAG], Layers: layers.map((_, i) => `l${i}.tar.gz`) }]));
  execFileSync('tar', ['-cf', `${out}.tmp`, '-C', stage, '.']);
  execFileSync('mv', [`${out}.tmp`, out]);
  rmSync(stage, { recursive: true, force: true });
  return out;
}

function request(socket: string, method: string, path: string, body?: string, out?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socket, method, path, headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
      const sink = out ? createWriteStream(out) : undefined;
      let text = '';
      if (sink) pipeline(res, sink).then(() => resolve(res.statusCode ?? 0), reject);
      else {
        res.on('data', (c) => (text += c));
        res.on('end', () => (text.includes('errorDetail') ? reject(new Error(text)) : resolve(res.statusCode ?? 0)));
      }
    });
    req.on('error', reject);
    if (body) createReadStream(body).pipe(req);
    else req.end();
  });
}

class Wharfd {
  proc?: ChildProcess;
  constructor(readonly root: string) {}
  get socket() { return join(this.root, 'run/wharf.sock'); }
  async start(): Promise<void> {
    const main = new URL('../src/daemon/main.js', import.meta.url).pathname;
    this.proc = spawn(process.execPath, [main, '--data-root', join(this.root, 'data'), '--exec-root', join(this.root, 'run'), '-H', `unix://${this.socket}`], { stdio: 'ignore' });
    for (let i = 0; i < 300; i++) {
      if (existsSync(this.socket) && (await request(this.socket, 'GET', '/_ping').catch(() => 0)) === 200) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('wharfd did not start');
  }
  stop(): void { this.proc?.kill('SIGTERM'); }
}

type Peer = { load(file: string): Promise<void>; save(out: string): Promise<void>; remove(): Promise<void> };

function wharfPeer(d: Wharfd): Peer {
  return {
    load: async (file) => { await request(d.socket, 'POST', '/v1.50/images/load?quiet=1', file); },
    save: async (out) => { await request(d.socket, 'GET', `/v1.50/images/${TAG}/get`, undefined, out); },
    remove: async () => { await request(d.socket, 'DELETE', `/v1.50/images/${TAG}`); },
  };
}

function podmanPeer(root: string): Peer {
  const run = (args: string[]) => new Promise<void>((resolve, reject) => {
    const c = spawn('podman', ['--root', join(root, 'root'), '--runroot', join(root, 'run'), '--storage-driver', 'overlay', ...args], { stdio: 'ignore' });
    c.on('error', reject).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`podman ${args[0]} exit ${code}`))));
  });
  return {
    load: (file) => run(['load', '-q', '-i', file]),
    save: (out) => run(['save', '-q', '-o', out, `localhost/${TAG}`]),
    remove: () => run(['rmi', '-f', `localhost/${TAG}`]),
  };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  execFileSync('sync');
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, layers: { type: 'string', default: '5' } } });
  const archive = ensureArchive(Number(values.layers));
  const work = join(CACHE, `images-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const d = new Wharfd(join(work, 'w'));
  await d.start();
  const peers: Record<string, Peer> = { wharf: wharfPeer(d) };
  try { execFileSync('podman', ['--version']); peers.podman = podmanPeer(join(work, 'p')); } catch { /* no podman */ }
  const times: Record<string, { load: number[]; save: number[] }> = {};
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [name, p] of Object.entries(peers)) {
        const t = (times[name] ??= { load: [], save: [] });
        t.load.push(await timed(() => p.load(archive)));
        const out = join(work, `${name}-${round}.tar`);
        t.save.push(await timed(() => p.save(out)));
        rmSync(out, { force: true });
        await p.remove();
        console.log(`round ${round + 1} ${name.padEnd(7)} load ${t.load.at(-1)!.toFixed(2)} s  save ${t.save.at(-1)!.toFixed(2)} s`);
      }
    }
  } finally {
    d.stop();
    await new Promise((r) => setTimeout(r, 500));
    try { execFileSync('podman', ['--root', join(work, 'p/root'), '--runroot', join(work, 'p/run'), '--storage-driver', 'overlay', 'system', 'reset', '-f'], { stdio: 'ignore' }); } catch { /* best effort */ }
    rmSync(work, { recursive: true, force: true });
  }
  const mb = statSync(archive).size / 1e6;
  console.log(`\n${values.layers} gzip layers, archive ${mb.toFixed(0)} MB; medians of ${values.rounds} rounds`);
  for (const [name, t] of Object.entries(times)) console.log(`${name.padEnd(7)} load ${median(t.load).toFixed(2)} s  save ${median(t.save).toFixed(2)} s`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

await main();
