/**
 * Benchmark: a cold and a fully cached build of a 2-stage, 13-instruction Dockerfile (RUNs that write
 * files, COPYs of a small context, metadata steps, COPY --from), Wharf (wharfd driven by the docker
 * CLI's legacy builder) beside Docker (the reference, legacy builder, when `reference-docker start` is
 * up) and `podman build`, in the same run, rounds interleaved (A B C A B C…), medians of N:
 *   - cold: a build whose every step misses (a fresh build arg in the first RUN of each stage);
 *   - cached: the same build again, every step from the cache.
 * Each peer's images are removed at the end (not between rounds: no mass delete before a measurement).
 * Usage: node dist/bench/build.js [N=3]
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startDaemon, runCommand, DOCKER, type TestDaemon } from '../test/helpers/daemon.js';

const N = Number(process.argv[2] ?? 3);
const REFERENCE = '/run/wharf-reference/docker.sock';
const PODMAN = '/usr/bin/podman';

const DOCKERFILE = `FROM busybox AS build
ARG ROUND
RUN echo "$ROUND" > /round && mkdir -p /out && for i in 1 2 3 4 5 6 7 8; do head -c 65536 /dev/urandom > /out/blob$i; done
COPY src/ /src/
RUN cat /src/* > /out/all && wc -c /out/all > /out/size
FROM busybox
ARG ROUND
LABEL org.example.bench=build
ENV APP=/app MODE=bench
WORKDIR /app
COPY --from=build /out/ /app/
RUN echo "$ROUND" > /app/round && ls /app > /app/index
EXPOSE 8080
CMD ["cat", "/app/index"]
`;

interface Peer { name: string; build(tag: string, round: string): Promise<number>; cleanup(tags: string[]): Promise<void> }

function makeContext(dir: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'src', `f${i}.txt`), `file ${i}\n`.repeat(200));
}

async function timed(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  execFileSync('sync');
  const t0 = process.hrtime.bigint();
  const r = await runCommand(argv[0]!, argv.slice(1), { env, timeout: 600_000 });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function dockerPeer(name: string, host: string, ctx: string): Peer {
  const env = { ...process.env, DOCKER_BUILDKIT: '0' };
  return {
    name,
    build: (tag, round) => timed([DOCKER, '-H', host, 'build', '-q', '--build-arg', `ROUND=${round}`, '-t', tag, ctx], env),
    cleanup: async (tags) => {
      for (const t of tags) await runCommand(DOCKER, ['-H', host, 'rmi', '-f', t]);
      await runCommand(DOCKER, ['-H', host, 'image', 'prune', '-f']);
      await runCommand(DOCKER, ['-H', host, 'builder', 'prune', '-af']);
    },
  };
}

function podmanPeer(root: string, ctx: string): Peer {
  const base = [PODMAN, '--root', join(root, 'storage'), '--runroot', join(root, 'run')];
  return {
    name: 'podman build',
    build: (tag, round) => timed([...base, 'build', '-q', '--layers', '--build-arg', `ROUND=${round}`, '-t', tag, ctx], process.env),
    cleanup: async () => {
      await runCommand(base[0]!, [...base.slice(1), 'system', 'reset', '-f']);
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const work = mkdtempSync('/var/tmp/wharf-bench-build-');
  const ctx = join(work, 'ctx');
  makeContext(ctx);
  let d: TestDaemon | undefined;
  const peers: Peer[] = [];
  const tags = new Map<Peer, string[]>();
  try {
    d = await startDaemon();
    await d.importBusybox();
    peers.push(dockerPeer('wharfd (docker CLI, legacy builder)', d.host, ctx));
    if (existsSync(REFERENCE)) peers.push(dockerPeer('Docker 20.10 (legacy builder)', `unix://${REFERENCE}`, ctx));
    else console.log('reference Docker not running: left out');
    if (existsSync(PODMAN)) {
      const root = join(work, 'podman');
      const bb = join(work, 'busybox.tar');
      execFileSync('bash', [join(import.meta.dirname, '../../scripts/busybox-rootfs.sh'), bb]);
      execFileSync(PODMAN, ['--root', join(root, 'storage'), '--runroot', join(root, 'run'), 'import', '--change', 'CMD ["sh"]', bb, 'docker.io/library/busybox:latest'], { stdio: 'ignore' });
      peers.push(podmanPeer(root, ctx));
    }
    const cold = new Map<Peer, number[]>(peers.map((p) => [p, []]));
    const cached = new Map<Peer, number[]>(peers.map((p) => [p, []]));
    for (let r = 0; r <= N; r++) {
      for (const p of peers) {
        const round = `${process.pid}-${r}`;
        const tag = `bench-build:${r}`;
        tags.set(p, [...(tags.get(p) ?? []), tag]);
        const c = await p.build(tag, round);
        const h = await p.build(tag, round);
        console.error(`round ${r}${r === 0 ? ' (warm-up)' : ''} ${p.name}: cold ${c.toFixed(2)} s, cached ${h.toFixed(3)} s`);
        if (r > 0) { cold.get(p)!.push(c); cached.get(p)!.push(h); }
      }
    }
    console.log(`\nbuild of a 2-stage, 13-instruction Dockerfile, median of ${N}:`);
    console.log(`${'peer'.padEnd(40)} ${'cold (s)'.padStart(9)} ${'cached (s)'.padStart(11)}`);
    for (const p of peers) console.log(`${p.name.padEnd(40)} ${median(cold.get(p)!).toFixed(2).padStart(9)} ${median(cached.get(p)!).toFixed(3).padStart(11)}`);
  } finally {
    for (const p of peers) await p.cleanup(tags.get(p) ?? []).catch(() => undefined);
    await d?.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
