/**
 * Benchmark: `exec c true` latency, median of N (default 20), interleaved across peers: the docker
 * CLI and `wharf` against wharfd, the docker CLI against the reference Docker (if up), podman. And
 * what it costs, per step, on each engine: the docker CLI alone (`inspect c`: its start and one
 * request), the three API calls an exec makes (create, hijacked start to the end of output, inspect),
 * and `runc exec` on its own, the floor of any runc-based exec. Usage: node dist/bench/exec.js [N]
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startDaemon, runCommand, WHARF_BIN, DOCKER } from '../test/helpers/daemon.js';
import { busyboxTar } from '../test/helpers/busybox.js';

const N = Number(process.argv[2] ?? 20);
const REFERENCE = '/run/wharf-reference/docker.sock';

interface Peer { name: string; run: () => Promise<unknown> }

function has(cmd: string): boolean {
  try { execFileSync('which', [cmd], { stdio: 'ignore' }); return true; } catch { return false; }
}

async function command(cmd: string, args: string[]): Promise<void> {
  const r = await runCommand(cmd, args, { timeout: 60_000 });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
}

/** One HTTP call on a keep-alive agent; resolves with the body once it ended. */
function call(socketPath: string, agent: http.Agent, method: string, path: string, body?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, agent, method, path, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The API calls of `docker exec c true`, timed apart: create, start (to the end of output), inspect. */
function apiSteps(socketPath: string, container: string): Record<string, () => Promise<unknown>> {
  const agent = new http.Agent({ keepAlive: true });
  let id = '';
  return {
    create: async () => (id = JSON.parse(await call(socketPath, agent, 'POST', `/v1.41/containers/${container}/exec`, { Cmd: ['true'], AttachStdout: true, AttachStderr: true })).Id),
    start: () => call(socketPath, agent, 'POST', `/v1.41/exec/${id}/start`, { Detach: false, Tty: false }),
    inspect: () => call(socketPath, agent, 'GET', `/v1.41/exec/${id}/json`),
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

async function main(): Promise<void> {
  const d = await startDaemon();
  const cleanups: Array<() => Promise<void>> = [() => d.cleanup()];
  try {
    await d.importBusybox();
    const box = (await d.docker(['run', '-d', 'busybox', 'sleep', '3600'])).stdout.trim();
    const peers: Peer[] = [
      { name: 'docker CLI → wharfd', run: () => command(DOCKER, ['-H', d.host, 'exec', box, 'true']) },
      { name: 'wharf CLI → wharfd', run: () => command(WHARF_BIN, ['-H', d.host, 'exec', box, 'true']) },
    ];
    const steps: Array<[string, string, () => Promise<unknown>]> = [
      ['wharfd', 'docker CLI alone (inspect c)', () => command(DOCKER, ['-H', d.host, 'inspect', box])],
      ...Object.entries(apiSteps(d.socket, box)).map(([k, f]) => ['wharfd', `API ${k}`, f] as [string, string, () => Promise<unknown>]),
      ['wharfd', 'runc exec alone', () => command('runc', ['--root', join(d.execRoot, 'runc'), 'exec', box, 'true'])],
    ];
    if (existsSync(REFERENCE)) {
      const ref = ['-H', `unix://${REFERENCE}`];
      const c = (await runCommand(DOCKER, [...ref, 'run', '-d', 'busybox', 'sleep', '3600'])).stdout.trim();
      cleanups.push(async () => void (await runCommand(DOCKER, [...ref, 'rm', '-f', c])));
      peers.push({ name: 'docker CLI → Docker 20.10', run: () => command(DOCKER, [...ref, 'exec', c, 'true']) });
      steps.push(['Docker', 'docker CLI alone (inspect c)', () => command(DOCKER, [...ref, 'inspect', c])]);
      steps.push(...Object.entries(apiSteps(REFERENCE, c)).map(([k, f]) => ['Docker', `API ${k}`, f] as [string, string, () => Promise<unknown>]));
    }
    if (has('podman')) {
      execFileSync('podman', ['import', '-q', busyboxTar(), 'localhost/wharf-bench-busybox:latest'], { stdio: 'ignore' });
      const p = execFileSync('podman', ['run', '-d', '--network', 'none', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096', 'localhost/wharf-bench-busybox:latest', 'sleep', '3600'], { encoding: 'utf8' }).trim();
      cleanups.push(async () => void execFileSync('podman', ['rm', '-f', '-t', '0', p], { stdio: 'ignore' }));
      peers.push({ name: 'podman 4.3', run: () => command('podman', ['exec', p, 'true']) });
    }
    for (const p of peers) await p.run(); // warm-up
    const samples = new Map<string, number[]>(peers.map((p) => [p.name, []]));
    const stepSamples = new Map<string, number[]>(steps.map(([e, s]) => [`${e}: ${s}`, []]));
    for (let i = 0; i < N; i++) {
      for (const p of peers) samples.get(p.name)!.push(await timed(p.run));
      for (const [e, s, f] of steps) stepSamples.get(`${e}: ${s}`)!.push(await timed(f));
    }
    console.log(`exec c true, ${N} runs each, interleaved: median ms`);
    for (const p of peers) console.log(`  ${p.name.padEnd(34)}${median(samples.get(p.name)!).toFixed(1).padStart(8)}`);
    console.log('where it goes (median ms)');
    for (const [name, xs] of stepSamples) console.log(`  ${name.padEnd(34)}${median(xs).toFixed(1).padStart(8)}`);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

void main();
