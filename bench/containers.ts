/**
 * Benchmark: a container's life and what it costs to keep containers, Wharf beside its peers in
 * the same run (Docker, when `reference-docker start` is up; podman, when installed):
 *   - `run -d`, `stop -t 0`, `rm` latency (medians of N, interleaved A B C A B C…; exec: bench/exec.ts);
 *   - C containers `run -d` concurrently, then `rm -f` concurrently (wall time);
 *   - the monitor's RSS per running container (conmon; containerd-shim for Docker);
 *   - the daemon's RSS idle and with M containers running (dockerd + containerd for Docker).
 * Every peer is driven by its own CLI (the docker CLI for wharfd and Docker), with --network none.
 * Usage: node dist/bench/containers.js [N=20] [C=50] [M=100]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startDaemon, runCommand, DOCKER } from '../test/helpers/daemon.js';
import { busyboxTar } from '../test/helpers/busybox.js';

const N = Number(process.argv[2] ?? 20);
const C = Number(process.argv[3] ?? 50);
const M = Number(process.argv[4] ?? 100);
const REFERENCE = '/run/wharf-reference/docker.sock';
const PODMAN_IMAGE = 'localhost/wharf-bench-busybox:latest';

interface Peer {
  name: string;
  cli: (args: string[]) => [string, string[]];
  image: string;
  /** Extra `run` flags the peer needs on this host. */
  runFlags: string[];
  /** The peer's daemon processes (none for podman). */
  daemonPids: () => number[];
  /** The monitor process of one container. */
  monitorOf: (id: string) => number | undefined;
}

function has(cmd: string): boolean {
  try { execFileSync('which', [cmd], { stdio: 'ignore' }); return true; } catch { return false; }
}

async function cli(p: Peer, args: string[]): Promise<string> {
  const [cmd, argv] = p.cli(args);
  const r = await runCommand(cmd, argv, { timeout: 120_000 });
  if (r.code !== 0) throw new Error(`${p.name}: ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim();
}

async function timed(p: Peer, args: string[]): Promise<{ ms: number; out: string }> {
  const t0 = process.hrtime.bigint();
  const out = await cli(p, args);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out };
}

const run = (p: Peer, ...cmd: string[]) => ['run', '-d', '--network', 'none', ...p.runFlags, p.image, ...cmd];

/** Resident set size of a process, KiB (0 when it is gone). */
function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface Proc { pid: number; ppid: number; comm: string; cmdline: string }

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, comm, cmdline: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch { /* gone */ }
  }
  return out;
}

/** The monitor of container `id`: a process named `comm*` whose command line names the container. */
function monitorByCmdline(comm: string, id: string): number | undefined {
  return processes().find((p) => p.comm.startsWith(comm) && p.cmdline.includes(id))?.pid;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (kib: number) => (kib / 1024).toFixed(1);

async function main(): Promise<void> {
  const d = await startDaemon();
  const peers: Peer[] = [];
  try {
    await d.importBusybox();
    const wharfRoot = d.execRoot;
    peers.push({
      name: 'Wharf (docker CLI)', cli: (a) => [DOCKER, ['-H', d.host, ...a]], image: 'busybox', runFlags: [],
      daemonPids: () => [d.proc!.pid!],
      monitorOf: (id) => {
        const f = `${wharfRoot}/c/${id}/conmon.pid`;
        return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : undefined;
      },
    });
    if (existsSync(REFERENCE)) {
      const dockerd = Number(readFileSync('/run/wharf-reference/dockerd.pid', 'utf8').trim());
      peers.push({
        name: 'Docker 20.10', cli: (a) => [DOCKER, ['-H', `unix://${REFERENCE}`, ...a]], image: 'busybox', runFlags: [],
        daemonPids: () => [dockerd, ...processes().filter((p) => p.ppid === dockerd && p.comm === 'containerd').map((p) => p.pid)],
        monitorOf: (id) => monitorByCmdline('containerd-shim', id),
      });
    }
    if (has('podman')) {
      execFileSync('podman', ['import', '-q', busyboxTar(), PODMAN_IMAGE], { stdio: 'ignore' });
      peers.push({
        name: 'podman 4.3', cli: (a) => ['podman', a], image: PODMAN_IMAGE,
        // podman asks runc for rlimits above this host's hard limits unless told otherwise (Wharf clamps).
        runFlags: ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096'],
        daemonPids: () => [],
        monitorOf: (id) => monitorByCmdline('conmon', id),
      });
    }

    // The daemons' RSS at rest before anything runs: after the image import, once wharfd's unpack
    // workers have ended (idle 30 s: archive/worker-pool.ts).
    await new Promise((r) => setTimeout(r, 31_000));
    const idle = new Map(peers.map((p) => [p.name, p.daemonPids().reduce((sum, pid) => sum + rssKiB(pid), 0)]));

    // 1. Latencies of one container's life, interleaved.
    const lat = new Map(peers.map((p) => [p.name, { run: [] as number[], stop: [] as number[], rm: [] as number[] }]));
    for (let i = 0; i <= N; i++) {
      for (const p of peers) {
        const l = lat.get(p.name)!;
        const r = await timed(p, run(p, 'sleep', '1000'));
        const s = await timed(p, ['stop', '-t', '0', r.out]);
        const x = await timed(p, ['rm', r.out]);
        if (i === 0) continue; // warm-up
        l.run.push(r.ms); l.stop.push(s.ms); l.rm.push(x.ms);
      }
    }
    console.log(`\nlatency, median of ${N} (ms), --network none`);
    console.log('peer'.padEnd(22) + ['run -d', 'stop -t 0', 'rm'].map((h) => h.padStart(11)).join(''));
    for (const p of peers) {
      const l = lat.get(p.name)!;
      console.log(p.name.padEnd(22) + [l.run, l.stop, l.rm].map((xs) => median(xs).toFixed(1).padStart(11)).join(''));
    }

    // 2. C concurrent `run -d`, then C concurrent `rm -f`.
    console.log(`\n${C} concurrent run -d, then ${C} concurrent rm -f (s)`);
    console.log('peer'.padEnd(22) + ['run -d', 'rm -f', 'total'].map((h) => h.padStart(11)).join(''));
    for (const p of peers) {
      const t0 = Date.now();
      const ids = await Promise.all(Array.from({ length: C }, () => cli(p, run(p, 'sleep', '1000'))));
      const t1 = Date.now();
      await Promise.all(ids.map((id) => cli(p, ['rm', '-f', id])));
      const t2 = Date.now();
      console.log(p.name.padEnd(22) + [t1 - t0, t2 - t1, t2 - t0].map((ms) => (ms / 1000).toFixed(2).padStart(11)).join(''));
    }

    // 3. Memory: the daemon idle, then M containers running (their monitors measured on the first 20).
    console.log(`\nmemory (MiB): daemon idle (at start), after the runs above, with ${M} running; monitor per container (mean of 20)`);
    console.log('peer'.padEnd(22) + ['daemon idle', 'after runs', `daemon ${M}`, 'monitor'].map((h) => h.padStart(13)).join(''));
    for (const p of peers) {
      const daemonKiB = () => p.daemonPids().reduce((s, pid) => s + rssKiB(pid), 0);
      const afterRuns = daemonKiB();
      const ids: string[] = [];
      for (let i = 0; i < M; i += 10) ids.push(...(await Promise.all(Array.from({ length: Math.min(10, M - i) }, () => cli(p, run(p, 'sleep', '1000'))))));
      await new Promise((r) => setTimeout(r, 1000));
      const full = daemonKiB();
      const full0 = p.daemonPids().length ? full : 0;
      const monitors = ids.slice(0, 20).map((id) => p.monitorOf(id)).filter((x): x is number => x !== undefined);
      const monitor = monitors.length ? monitors.reduce((s, pid) => s + rssKiB(pid), 0) / monitors.length : 0;
      for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map((id) => cli(p, ['rm', '-f', id])));
      const show = (kib: number, present: boolean) => (present ? mib(kib) : '-').padStart(13);
      const hasDaemon = p.daemonPids().length > 0;
      console.log(p.name.padEnd(22) + show(idle.get(p.name)!, hasDaemon) + show(afterRuns, hasDaemon) + show(full0, hasDaemon) + show(monitor, monitors.length > 0));
    }
  } finally {
    if (has('podman')) execFileSync('podman', ['rmi', '-f', PODMAN_IMAGE], { stdio: 'ignore' });
    await d.cleanup();
  }
}

void main();
