/**
 * Benchmark: `cp` of a 200 MB tree of 10,000 files into a running container and back out, Wharf
 * beside Docker (the reference, when `reference-docker start` is up) in the same run:
 *   - into: `cp TREE c:/in-<round>` (a new directory each time: the cost of creating the tree);
 *   - out:  `cp c:/in-1 OUT/<peer>-<round>` (extracted on the host, a new directory each time).
 * Peers: wharfd driven by the docker CLI and by `wharf cp`, and Docker by the docker CLI. Rounds
 * are interleaved (A B C A B C…), each after a `sync` (outside the timing: the earlier rounds'
 * dirty pages would otherwise be written back during the next one); the figures are medians of N. The tree is made once up front
 * (and kept under /tmp for later runs); nothing big is deleted until every measurement is done,
 * because file creation on this root fs (ext4 without a journal) is 10–40x slower for minutes
 * after a mass delete.
 * Usage: node dist/bench/cp.js [N=3]
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startDaemon, runCommand, DOCKER, WHARF_BIN, type TestDaemon } from '../test/helpers/daemon.js';

const N = Number(process.argv[2] ?? 3);
const REFERENCE = '/run/wharf-reference/docker.sock';
const TREE = '/tmp/wharf-bench-cp-tree';
const OUT = '/tmp/wharf-bench-cp-out';
const DIRS = 100;
const FILES_PER_DIR = 100;
const TOTAL_BYTES = 200 * 1000 * 1000;

interface Peer { name: string; cmd: string; host: string }

/** 10,000 files in 100 dirs, 2–38 kB each (20 kB on average), 200 MB in all; made once. */
function makeTree(): void {
  if (existsSync(join(TREE, '.complete'))) return;
  rmSync(TREE, { recursive: true, force: true });
  const avg = TOTAL_BYTES / (DIRS * FILES_PER_DIR);
  const pool = randomBytes(2 * avg + 4096);
  for (let d = 0; d < DIRS; d++) {
    const dir = join(TREE, `d${String(d).padStart(3, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      const size = Math.round(avg * (0.1 + 1.8 * (((d * FILES_PER_DIR + f) * 7919) % 1000) / 1000));
      const off = (d * 131 + f * 17) % 4096;
      writeFileSync(join(dir, `f${f}`), pool.subarray(off, off + size));
    }
  }
  writeFileSync(join(TREE, '.complete'), '');
}

async function cli(p: Peer, args: string[]): Promise<number> {
  // Earlier rounds' dirty pages are written back first, outside the timing, so no peer pays for another's.
  execFileSync('sync');
  const t0 = process.hrtime.bigint();
  const r = await runCommand(p.cmd, ['-H', p.host, ...args], { timeout: 600_000 });
  if (r.code !== 0) throw new Error(`${p.name}: ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  console.log(`making the tree (${DIRS * FILES_PER_DIR} files, ${TOTAL_BYTES / 1e6} MB) in ${TREE} unless there`);
  makeTree();
  let d: TestDaemon | undefined;
  const peers: Peer[] = [];
  try {
    d = await startDaemon();
    await d.importBusybox();
    peers.push({ name: 'wharfd (docker CLI)', cmd: DOCKER, host: d.host }, { name: 'wharfd (wharf cp)', cmd: WHARF_BIN, host: d.host });
    // The reference has busybox:latest loaded (see the brief of the reference daemon).
    if (existsSync(REFERENCE)) peers.push({ name: 'Docker (reference)', cmd: DOCKER, host: `unix://${REFERENCE}` });
    else console.log('reference Docker not running: Wharf alone');
    const box = new Map<Peer, string>();
    for (const p of peers) {
      const name = `bench-cp-${p.cmd === WHARF_BIN ? 'w' : 'd'}-${process.pid}`;
      await cli(p, ['run', '-d', '--name', name, '--network', 'none', 'busybox', 'sleep', '3600']);
      box.set(p, name);
    }
    mkdirSync(OUT, { recursive: true });
    const into = new Map<Peer, number[]>(peers.map((p) => [p, []]));
    const out = new Map<Peer, number[]>(peers.map((p) => [p, []]));
    for (let i = 1; i <= N; i++) {
      for (const p of peers) into.get(p)!.push(await cli(p, ['cp', TREE, `${box.get(p)}:/in-${i}`]));
    }
    for (let i = 1; i <= N; i++) {
      for (const p of peers) {
        const dest = join(OUT, `${p.name.replace(/\W+/g, '-')}-${process.pid}-${i}`);
        out.get(p)!.push(await cli(p, ['cp', `${box.get(p)}:/in-1`, dest]));
        const n = readdirSync(dest).length;
        if (n !== DIRS + 1) throw new Error(`${p.name}: ${dest} has ${n} entries`);
      }
    }
    console.log(`\ncp of ${DIRS * FILES_PER_DIR} files, ${TOTAL_BYTES / 1e6} MB; medians of ${N} (ms), each round's figures after`);
    for (const p of peers) {
      const f = (xs: number[]) => `${median(xs).toFixed(0).padStart(6)}  [${xs.map((x) => x.toFixed(0)).join(', ')}]`;
      console.log(`${p.name.padEnd(22)} into ${f(into.get(p)!)}   out ${f(out.get(p)!)}`);
    }
    for (const p of peers) await cli(p, ['rm', '-f', box.get(p)!]).catch(() => undefined);
  } finally {
    await d?.cleanup();
    for (const n of existsSync(OUT) ? readdirSync(OUT) : []) if (n.includes(`-${process.pid}-`)) rmSync(join(OUT, n), { recursive: true, force: true });
    if (existsSync(OUT) && readdirSync(OUT).length === 0) rmSync(OUT, { recursive: true });
    // The source tree is kept on purpose: remaking it right after deleting it is 10-40x slower here (ext4 without a journal).
    console.log(`source tree kept for the next run: ${TREE} (rm -rf it when done)`);
  }
}

await main();
