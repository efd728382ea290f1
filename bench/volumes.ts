/**
 * Benchmark: `run --rm -v vol:/d busybox true` latency, Wharf beside Docker (the reference engine,
 * when `reference-docker start` is up) in the same run, interleaved (A B A B…) so both see the
 * same machine. Beside it, the same run without a volume (what the volume adds) and with an
 * anonymous volume from `-v /d` (created, mounted, copied into and removed per run). The named
 * volume exists before the timed runs (made by one untimed run); everything is removed after.
 * Every peer is driven by the docker CLI, with --network none.
 * Usage: node dist/bench/volumes.js [N=20]
 */
import { existsSync } from 'node:fs';
import { startDaemon, runCommand, WHARF_BIN, DOCKER } from '../test/helpers/daemon.js';

const N = Number(process.argv[2] ?? 20);
const REFERENCE = '/run/wharf-reference/docker.sock';
const VOLUME = 'wharf-bench-vol';

interface Peer { name: string; cli: string; host: string }
interface Case { name: string; flags: string[] }

const CASES: Case[] = [
  { name: 'run --rm busybox true (no volume)', flags: [] },
  { name: `run --rm -v ${VOLUME}:/d busybox true`, flags: ['-v', `${VOLUME}:/d`] },
  { name: 'run --rm -v /d busybox true (anonymous)', flags: ['-v', '/d'] },
];

async function docker(p: Peer, args: string[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await runCommand(p.cli, ['-H', p.host, ...args], { timeout: 60_000 });
  if (r.code !== 0) throw new Error(`${p.name}: ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
  return { median: q(0.5), p90: q(0.9), min: s[0]! };
}

const runArgs = (c: Case) => ['run', '--rm', '--network', 'none', ...c.flags, 'busybox', 'true'];

async function main(): Promise<void> {
  const d = await startDaemon();
  const peers: Peer[] = [{ name: 'Wharf (docker CLI)', cli: DOCKER, host: d.host }, { name: 'Wharf (wharf CLI)', cli: WHARF_BIN, host: d.host }];
  if (existsSync(REFERENCE)) peers.push({ name: 'Docker 20.10', cli: DOCKER, host: `unix://${REFERENCE}` });
  try {
    await d.importBusybox();
    for (const p of peers) await docker(p, runArgs(CASES[1]!)); // the named volume, and a warm start
    console.log(`median of ${N} runs, interleaved across peers (ms)`);
    for (const c of CASES) {
      const times = new Map(peers.map((p) => [p.name, [] as number[]]));
      for (let i = 0; i < N; i++) for (const p of peers) times.get(p.name)!.push(await docker(p, runArgs(c)));
      console.log(`\n${c.name}`);
      for (const p of peers) {
        const s = stats(times.get(p.name)!);
        console.log(`  ${p.name.padEnd(20)} median ${s.median.toFixed(1).padStart(7)}  p90 ${s.p90.toFixed(1).padStart(7)}  min ${s.min.toFixed(1).padStart(7)}`);
      }
    }
  } finally {
    for (const p of peers) await runCommand(p.cli, ['-H', p.host, 'volume', 'rm', '-f', VOLUME]).catch(() => undefined);
    await d.cleanup();
  }
}

await main();
