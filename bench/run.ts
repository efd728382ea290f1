/**
 * Benchmark: `run --rm busybox true`, median of N (default 20), through `wharf` and through the
 * docker CLI against wharfd; peers from the same run where present: Docker (the reference engine,
 * if `reference-docker start` is up) and podman (Debian). Runs are interleaved (A B C A B C…) so
 * every peer sees the same machine state. All peers run with --network none (Wharf has no networks
 * yet). Usage: node dist/bench/run.js [N]
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startDaemon, runCommand, WHARF_BIN, DOCKER } from '../test/helpers/daemon.js';
import { busyboxTar } from '../test/helpers/busybox.js';

const N = Number(process.argv[2] ?? 20);
const REFERENCE = '/run/wharf-reference/docker.sock';

interface Peer { name: string; cmd: string; args: string[] }

function has(cmd: string): boolean {
  try { execFileSync('which', [cmd], { stdio: 'ignore' }); return true; } catch { return false; }
}

async function time(p: Peer): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await runCommand(p.cmd, p.args, { timeout: 60_000 });
  if (r.code !== 0) throw new Error(`${p.name} failed (${r.code}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
  return { median: q(0.5), p90: q(0.9), min: s[0]! };
}

async function main(): Promise<void> {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const peers: Peer[] = [
      { name: 'wharf CLI → wharfd', cmd: WHARF_BIN, args: ['-H', d.host, 'run', '--rm', '--network', 'none', 'busybox', 'true'] },
      { name: 'docker CLI → wharfd', cmd: DOCKER, args: ['-H', d.host, 'run', '--rm', '--network', 'none', 'busybox', 'true'] },
    ];
    if (existsSync(REFERENCE)) {
      peers.push({ name: 'docker CLI → Docker 20.10', cmd: DOCKER, args: ['-H', `unix://${REFERENCE}`, 'run', '--rm', '--network', 'none', 'busybox', 'true'] });
    }
    if (has('podman')) {
      execFileSync('podman', ['import', '-q', busyboxTar(), 'localhost/wharf-bench-busybox:latest'], { stdio: 'ignore' });
      // podman asks runc for rlimits above this host's hard limits unless told otherwise (Wharf clamps).
      peers.push({ name: 'podman 4.3', cmd: 'podman', args: ['run', '--rm', '--network', 'none', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096', 'localhost/wharf-bench-busybox:latest', 'true'] });
    }
    for (const p of peers) await time(p); // warm-up
    const samples = new Map<string, number[]>(peers.map((p) => [p.name, []]));
    for (let i = 0; i < N; i++) for (const p of peers) samples.get(p.name)!.push(await time(p));
    console.log(`run --rm busybox true, ${N} runs each, interleaved (ms)`);
    console.log('peer'.padEnd(30) + 'median'.padStart(9) + 'p90'.padStart(9) + 'min'.padStart(9));
    for (const p of peers) {
      const s = stats(samples.get(p.name)!);
      console.log(p.name.padEnd(30) + s.median.toFixed(1).padStart(9) + s.p90.toFixed(1).padStart(9) + s.min.toFixed(1).padStart(9));
    }
  } finally {
    await d.cleanup();
  }
}

void main();
