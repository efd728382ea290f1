/**
 * Unpack benchmark: Wharf's `applyLayer` against GNU `tar -xzf` on the same gzip layers, in the same
 * run, interleaved (A B C A B C …). `tar+sha256` also computes the two digests applyLayer returns
 * (compressed digest and diffID) with `sha256sum` in the pipeline, which plain tar does not. Layers are cut once from this machine's /usr into
 * /var/tmp/wharf-bench (5 layers, ~230 MB gzip, ~0.75 GB uncompressed); each round unpacks all
 * layers in parallel, each into its own fresh dir. Trees are only deleted after the last round: deleting a big tree makes
 * the next file creations slow for minutes on this disk (see shared/notes/verified-here.md), so
 * leave a few minutes between two runs of this benchmark.
 *
 *   node dist/bench/unpack.js [--rounds 3] [--layers 5]
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyLayer } from '../src/archive/apply.js';

const CACHE = '/var/tmp/wharf-bench';
const LAYERS: string[][] = [
  ['usr/share/doc', 'usr/share/vim', 'usr/share/perl'],
  ['usr/lib/python3.11', 'usr/lib/python3'],
  ['usr/lib/gcc'],
  ['usr/include', 'usr/lib/node_modules'],
  ['usr/share/locale'],
];

interface Layer { path: string; compressed: number; uncompressed: number }

/** Makes the layer tar.gz files once (GNU tar, numeric owners, xattrs) and returns them. */
function ensureLayers(count: number): Layer[] {
  execFileSync('mkdir', ['-p', CACHE]);
  return LAYERS.slice(0, count).map((dirs, i) => {
    const tag = createHash('sha256').update(dirs.join(' ')).digest('hex').slice(0, 8);
    const path = join(CACHE, `layer-${i}-${tag}.tar.gz`);
    if (!existsSync(path)) {
      process.stderr.write(`making ${path} from ${dirs.join(' ')}\n`);
      execFileSync('sh', ['-c', `tar --numeric-owner --xattrs -C / -cf - ${dirs.join(' ')} | gzip -6 > ${path}.tmp && mv ${path}.tmp ${path}`]);
    }
    const uncompressed = Number(execFileSync('sh', ['-c', `gzip -dc ${path} | wc -c`]).toString().trim());
    return { path, compressed: statSync(path).size, uncompressed };
  });
}

async function wharf(layers: Layer[], dir: string): Promise<void> {
  await Promise.all(layers.map((l, i) => applyLayer(createReadStream(l.path, { highWaterMark: 256 * 1024 }), join(dir, `l${i}`))));
}

async function gnuTar(layers: Layer[], dir: string): Promise<void> {
  await Promise.all(layers.map(async (l, i) => {
    const target = join(dir, `l${i}`);
    await mkdir(target, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      const child = spawn('tar', ['--numeric-owner', '-xpzf', l.path, '-C', target], { stdio: 'inherit' });
      child.on('error', reject).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exit ${code}`))));
    });
  }));
}

/** GNU tar plus the two sha256 digests applyLayer also computes (compressed and diffID), as a pipeline. */
async function gnuTarHashed(layers: Layer[], dir: string): Promise<void> {
  await Promise.all(layers.map(async (l, i) => {
    const target = join(dir, `l${i}`);
    await mkdir(target, { recursive: true });
    const script = 'set -o pipefail; tee >(sha256sum >/dev/null) < "$1" | gzip -dc | tee >(sha256sum >/dev/null) | tar --numeric-owner -xpf - -C "$2"';
    await new Promise<void>((resolve, reject) => {
      const child = spawn('bash', ['-c', script, 'bash', l.path, target], { stdio: 'inherit' });
      child.on('error', reject).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pipeline exit ${code}`))));
    });
  }));
}

const PEERS = { wharf, 'tar -xzf': gnuTar, 'tar+sha256': gnuTarHashed } as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, layers: { type: 'string', default: '5' } } });
  const layers = ensureLayers(Number(values.layers));
  const total = layers.reduce((n, l) => n + l.uncompressed, 0);
  const totalGz = layers.reduce((n, l) => n + l.compressed, 0);
  for (const l of layers) await readFile(l.path); // warm the page cache
  const runRoot = join(CACHE, `run-${process.pid}`);
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(PEERS).map((k) => [k, []]));
  const rows: string[] = [];
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [name, fn] of Object.entries(PEERS)) {
        const dir = join(runRoot, `${round}-${name.replace(/\W+/g, '')}`);
        await mkdir(dir, { recursive: true });
        execFileSync('sync');
        const t0 = process.hrtime.bigint();
        await fn(layers, dir);
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        times[name]!.push(s);
        rows.push(row(String(round + 1), name, s, total, totalGz));
      }
    }
  } finally {
    await rm(runRoot, { recursive: true, force: true });
  }
  console.log(`${layers.length} gzip layers, ${mb(totalGz)} MB compressed, ${mb(total)} MB uncompressed, in parallel\n`);
  console.log(row('round', 'peer', 'seconds', 'MB/s (tar)', 'MB/s (gz)'));
  for (const r of rows) console.log(r);
  for (const [name, t] of Object.entries(times)) console.log(row('median', name, median(t), total, totalGz));
}

function row(a: string, b: string, s: number | string, total: number | string, gz: number | string): string {
  const rate = (bytes: number | string): string => (typeof s === 'number' && typeof bytes === 'number' ? (bytes / 1e6 / s).toFixed(1) : String(bytes));
  return `${a.padEnd(7)} ${b.padEnd(11)} ${(typeof s === 'number' ? s.toFixed(2) : s).padStart(8)} ${rate(total).padStart(11)} ${rate(gz).padStart(10)}`;
}

const mb = (n: number): string => (n / 1e6).toFixed(0);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

await main();
