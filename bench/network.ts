/**
 * Benchmark: what a bridge network and a published port cost, Wharf beside its peers in the same
 * run (Docker, when `reference-docker start` is up; podman, when it runs on its bridge), interleaved
 * A B C A B C… so all see the same machine:
 *   1. `run -d -p 127.0.0.1:P:80 busybox httpd` → the first HTTP 200 through P, timed from the start
 *      of the `run` command (a new P each round: no TIME_WAIT reuse); then `rm -f`, untimed. Twice:
 *      polling from the start (a client waiting for a service), and once `run -d` returned. They
 *      differ for Docker: docker-proxy accepts at once and dials the container's address before its
 *      veth is up; that dial then stalls until the kernel retries (~1 s), and so does every
 *      connection made meanwhile;
 *   2. `run --rm busybox true` on the default bridge (no --network flag), again with another
 *      container on that bridge, and with --network none beside them (what the bridge adds);
 *   3. a 100 MiB download with curl through a published port, and straight to the container's
 *      address (what the port forwarding costs), from one server container per peer (straight only
 *      for a peer that cannot publish ports).
 *
 * Where a port is reachable: a test daemon lives in a network namespace of its own
 * (test/helpers/daemon.ts), so its ports are polled from inside it. podman runs in one of its own
 * too, made here: its `podman` bridge and netavark's firewall chains then live and die with that
 * namespace and the host's firewall is never touched (checked at the end). Docker publishes on the
 * host's 127.0.0.1 with docker-proxy (it runs with --iptables=false). The first answer is awaited by
 * bench/http-probe.ts, one long-lived process per peer in that peer's namespace.
 * Every peer is driven by its CLI (the docker CLI for wharfd and Docker); everything made is removed.
 * Usage: node dist/bench/network.js [N=10]
 */
import { existsSync } from 'node:fs';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startDaemon, runCommand, DOCKER, REPO, type TestDaemon } from '../test/helpers/daemon.js';
import { busyboxTar } from '../test/helpers/busybox.js';
import { createNetns, removeNetns } from '../src/network/netns.js';

const N = Number(process.argv[2] ?? 10);
const REFERENCE = '/run/wharf-reference/docker.sock';
const PODMAN_IMAGE = 'localhost/wharf-bench-busybox:latest';
const PROBE_JS = `${REPO}/dist/bench/http-probe.js`;
const BASE_PORT = 41000;
const BIG_MIB = 100;

type Argv = [string, string[]];

interface Peer {
  name: string;
  cli: (args: string[]) => Argv;
  image: string;
  /** Extra `run` flags the peer needs on this host. */
  runFlags: string[];
  /** Extra `rm -f` flags (podman waits 10 s for a PID 1 that ignores SIGTERM unless told). */
  rmFlags: string[];
  /** Runs argv where the peer's published ports are: its daemon's network namespace, or the host. */
  where: (argv: string[]) => Argv;
  /** Why the parts that publish ports skip this peer. */
  noPorts?: string;
  probe?: Probe;
  /** Containers made and not removed yet. */
  made: Set<string>;
}

/** bench/http-probe.ts, running where a peer's ports are. */
class Probe {
  readonly #proc: ChildProcess;
  readonly #waiting = new Map<string, (at: bigint | undefined) => void>();

  constructor(where: Peer['where']) {
    const [cmd, argv] = where([process.execPath, PROBE_JS]);
    this.#proc = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.#proc.stdout! }).on('line', (line) => {
      const at = process.hrtime.bigint();
      const [verdict, port = ''] = line.split(' ');
      this.#waiting.get(port)?.(verdict === 'ok' ? at : undefined);
      this.#waiting.delete(port);
    });
  }

  /** When host:port first answered 200 to GET path (hrtime), or undefined after the probe's deadline. */
  answer(port: number, path = '/etc/passwd', host = '127.0.0.1'): Promise<bigint | undefined> {
    return new Promise((resolve) => {
      this.#waiting.set(String(port), resolve);
      this.#proc.stdin!.write(`${port} ${path} ${host}\n`);
    });
  }

  /** Ends the wait under way (it then resolves undefined). */
  cancel(): void { this.#proc.stdin!.write('cancel\n'); }

  /** Ends the probe, also one still polling for an answer that will not come. */
  close(): void { this.#proc.kill(); }
}

const inNetns = (ns: string) => (argv: string[]): Argv => ['nsenter', [`--net=${ns}`, '--', ...argv]];
const onHost = (argv: string[]): Argv => [argv[0]!, argv.slice(1)];
const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;

async function exec([cmd, argv]: Argv, what: string): Promise<string> {
  const r = await runCommand(cmd, argv, { timeout: 120_000 });
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout.trim();
}

const cli = (p: Peer, args: string[]) => exec(p.cli(args), `${p.name}: ${args.join(' ')}`);

async function timed(p: Peer, args: string[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  await cli(p, args);
  return ms(t0, process.hrtime.bigint());
}

async function runDetached(p: Peer, args: string[]): Promise<string> {
  const id = await cli(p, ['run', '-d', ...p.runFlags, ...args]);
  p.made.add(id);
  return id;
}

async function remove(p: Peer, id: string): Promise<void> {
  await cli(p, ['rm', '-f', ...p.rmFlags, id]);
  p.made.delete(id);
}

const httpd = (p: Peer, port: number) => ['-p', `127.0.0.1:${port}:80`, p.image, 'httpd', '-f', '-p', '80', '-h', '/'];

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
  return { median: q(0.5), p90: q(0.9), min: s[0]! };
}

const col = (x: number | string, w = 10) => (typeof x === 'number' ? x.toFixed(1) : x).padStart(w);

/** One row per peer: median, p90, min (ms), and the median over Docker's when Docker ran. */
function table(title: string, peers: Peer[], times: Map<string, number[]>): void {
  console.log(`\n${title}`);
  console.log('  ' + 'peer'.padEnd(20) + ['median', 'p90', 'min', '× Docker'].map((h) => col(h)).join(''));
  const docker = times.get('Docker 20.10');
  for (const p of peers) {
    const xs = times.get(p.name);
    if (!xs?.length) continue;
    const s = stats(xs);
    const ratio = docker?.length ? (s.median / stats(docker).median).toFixed(2) : '-';
    console.log('  ' + p.name.padEnd(20) + [s.median, s.p90, s.min].map((x) => col(x)).join('') + col(ratio));
  }
}

/**
 * Part 1, one round for one peer: ms until `run -d` returned, and until the first answer. With
 * `eager`, polling starts with the command (a client waiting for a service); else once it returned.
 */
async function firstAnswer(p: Peer, port: number, eager: boolean): Promise<{ run: number; answer: number }> {
  const t0 = process.hrtime.bigint();
  const early = eager ? p.probe!.answer(port) : undefined;
  const id = await runDetached(p, httpd(p, port)).catch(async (e: unknown) => {
    if (early) { p.probe!.cancel(); await early; }
    throw e;
  });
  const tRun = process.hrtime.bigint();
  const at = await (early ?? p.probe!.answer(port));
  await remove(p, id);
  if (at === undefined) throw new Error(`${p.name}: no answer on published port ${port}`);
  return { run: ms(t0, tRun), answer: ms(t0, at) };
}

async function part1(peers: Peer[]): Promise<void> {
  const ported = peers.filter((p) => !p.noPorts);
  const series = () => new Map(ported.map((p) => [p.name, [] as number[]]));
  const run = series(), eager = series(), after = series();
  for (let i = 0; i < N; i++) {
    for (const [k, p] of ported.entries()) {
      const e = await firstAnswer(p, BASE_PORT + 20 * (i + 1) + k, true);
      const a = await firstAnswer(p, BASE_PORT + 20 * (i + 1) + 10 + k, false);
      eager.get(p.name)!.push(e.answer);
      after.get(p.name)!.push(a.answer);
      run.get(p.name)!.push(e.run, a.run);
    }
  }
  const what = `1. run -d -p 127.0.0.1:P:80 busybox httpd: from the start of \`run\` until the first HTTP 200 through P (ms, ${N} rounds)`;
  table(`${what}\n   polling from the start of \`run\``, ported, eager);
  table('   polling once `run -d` returned', ported, after);
  table(`   … of which until \`run -d\` returned (ms, both kinds of rounds, ${2 * N})`, ported, run);
}

interface RunCase { title: string; flags: string[]; /** A `sleep` container kept on the default bridge meanwhile. */ companion?: boolean }

const RUN_CASES: RunCase[] = [
  { title: 'default bridge (no --network flag)', flags: [] },
  // netavark removes a bridge, and its firewall chains, when its last container leaves (Docker keeps
  // its bridge): with one other container on it, each run finds them in place.
  { title: 'default bridge, one other container on it', flags: [], companion: true },
  { title: '--network none', flags: ['--network', 'none'] },
];

async function part2(peers: Peer[]): Promise<void> {
  for (const c of RUN_CASES) {
    const args = (p: Peer) => ['run', '--rm', ...c.flags, ...p.runFlags, p.image, 'true'];
    const companions = c.companion ? await Promise.all(peers.map((p) => runDetached(p, [p.image, 'sleep', '1000']))) : [];
    for (const p of peers) await timed(p, args(p)); // warm-up
    const times = new Map(peers.map((p) => [p.name, [] as number[]]));
    for (let i = 0; i < N; i++) for (const p of peers) times.get(p.name)!.push(await timed(p, args(p)));
    for (const [k, id] of companions.entries()) await remove(peers[k]!, id);
    table(`2. run --rm busybox true, ${c.title} (ms, ${N} rounds)`, peers, times);
  }
}

/** One curl of the big file at `url`, where the peer's ports are: seconds, checked for size and status. */
async function download(p: Peer, url: string): Promise<number> {
  const out = await exec(p.where(['curl', '-s', '-o', '/dev/null', '--max-time', '60', '-w', '%{http_code} %{size_download} %{time_total}', url]), `${p.name}: curl ${url}`);
  const [status, size, secs] = out.split(' ');
  if (status !== '200' || Number(size) !== BIG_MIB * 1024 * 1024) throw new Error(`${p.name}: ${url} gave ${out}`);
  return Number(secs);
}

/** The container's IPv4 address from inspect, or from `ip addr` inside it when inspect has none (said out loud). */
async function address(p: Peer, id: string): Promise<string> {
  const inspected = await cli(p, ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id]);
  if (inspected) return inspected;
  const m = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(await cli(p, ['exec', id, 'ip', '-4', '-o', 'addr', 'show', 'eth0']));
  if (!m) throw new Error(`${p.name}: container ${id} has no IPv4 address on eth0`);
  console.log(`${p.name}: inspect gives no NetworkSettings.Networks.*.IPAddress for a running container; ${m[1]} read with exec ip addr`);
  return m[1]!;
}

/** A server of a 100 MiB file (published on `port` if the peer can) and its URLs; ready when it returns. */
async function bigServer(p: Peer, port: number): Promise<{ published?: string; direct: string }> {
  const publish = p.noPorts ? [] : ['-p', `127.0.0.1:${port}:80`];
  // httpd starts only once the file is whole, so its first answer means ready.
  const id = await runDetached(p, [...publish, p.image, 'sh', '-c', `dd if=/dev/zero of=/big bs=1M count=${BIG_MIB} 2>/dev/null && exec httpd -f -p 80 -h /`]);
  const ip = await address(p, id);
  if ((await p.probe!.answer(80, '/etc/passwd', ip)) === undefined) throw new Error(`${p.name}: the download server at ${ip} did not answer`);
  return { ...(p.noPorts ? {} : { published: `http://127.0.0.1:${port}/big` }), direct: `http://${ip}:80/big` };
}

async function part3(peers: Peer[]): Promise<void> {
  const urls = new Map<string, { published?: string; direct: string }>();
  for (const [k, p] of peers.entries()) urls.set(p.name, await bigServer(p, BASE_PORT + k));
  for (const via of ['published', 'direct'] as const) {
    const these = peers.filter((p) => urls.get(p.name)![via]);
    const secs = new Map(these.map((p) => [p.name, [] as number[]]));
    for (const p of these) await download(p, urls.get(p.name)![via]!); // warm-up: the file into the page cache
    for (let i = 0; i < N; i++) for (const p of these) secs.get(p.name)!.push(await download(p, urls.get(p.name)![via]!));
    console.log(`\n3. curl of ${BIG_MIB} MiB, ${via === 'published' ? 'through the published port 127.0.0.1:P' : "straight to the container's address:80 (no port publishing)"} (${N} rounds)`);
    console.log('  ' + 'peer'.padEnd(20) + ['median s', 'p90 s', 'MiB/s'].map((h) => col(h)).join(''));
    for (const p of these) {
      const s = stats(secs.get(p.name)!);
      console.log('  ' + p.name.padEnd(20) + col(s.median.toFixed(3)) + col(s.p90.toFixed(3)) + col(BIG_MIB / s.median, 10));
    }
  }
  for (const p of peers) for (const id of [...p.made]) await remove(p, id);
}

/** The reason `p` cannot publish ports, or undefined when it can (a `run -d -p` that is removed again). */
async function portsRefused(p: Peer): Promise<string | undefined> {
  try {
    await firstAnswer(p, BASE_PORT + 9, true);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function wharfPeer(d: TestDaemon): Peer {
  return { name: 'Wharf (docker CLI)', cli: (a) => [DOCKER, ['-H', d.host, ...a]], image: 'busybox', runFlags: [], rmFlags: [], where: inNetns(d.netns), made: new Set() };
}

function dockerPeer(): Peer {
  return { name: 'Docker 20.10', cli: (a) => [DOCKER, ['-H', `unix://${REFERENCE}`, ...a]], image: 'busybox', runFlags: [], rmFlags: [], where: onHost, made: new Set() };
}

/** podman in a network namespace of its own, or the reason it cannot be a peer. */
async function podmanPeer(ns: string): Promise<Peer | string> {
  try { execFileSync('which', ['podman'], { stdio: 'ignore' }); } catch { return 'podman is not installed'; }
  await createNetns(ns);
  await exec(inNetns(ns)(['ip', 'link', 'set', 'lo', 'up']), 'lo up');
  await exec(['podman', ['import', '-q', busyboxTar(), PODMAN_IMAGE]], 'podman import');
  const p: Peer = {
    name: 'podman 4.3', cli: (a) => inNetns(ns)(['podman', ...a]), image: PODMAN_IMAGE,
    // podman asks runc for rlimits above this host's hard limits unless told otherwise (Wharf clamps).
    runFlags: ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=4096:4096'], rmFlags: ['-t', '0'],
    where: inNetns(ns), made: new Set(),
  };
  try {
    await cli(p, ['run', '--rm', '--network', 'bridge', ...p.runFlags, p.image, 'true']);
    return p;
  } catch (e) {
    await runCommand('podman', ['rmi', '-f', PODMAN_IMAGE]);
    return `podman run --rm --network bridge failed: ${(e as Error).message}`;
  }
}

const firewall = () => { try { return execFileSync('iptables-save', { encoding: 'utf8' }).replace(/^#.*\n/gm, ''); } catch { return '(iptables-save failed)'; } };

async function main(): Promise<void> {
  const firewallBefore = firewall();
  const d = await startDaemon();
  const podmanNs = `${d.root}/podman-netns`;
  const peers: Peer[] = [wharfPeer(d)];
  let podman: Peer | string = 'not tried';
  try {
    await d.importBusybox();
    if (existsSync(REFERENCE)) peers.push(dockerPeer());
    else console.log(`Docker: not a peer (${REFERENCE} is not there: run reference-docker start)`);
    podman = await podmanPeer(podmanNs);
    if (typeof podman === 'string') console.log(`podman: not a peer (${podman})`);
    else peers.push(podman);

    for (const p of peers) p.probe = new Probe(p.where);
    for (const p of peers) {
      p.noPorts = await portsRefused(p); // also the warm-up of part 1
      if (p.noPorts) console.log(`${p.name}: skipped where a port is published (${p.noPorts})`);
    }
    console.log(`peers: ${peers.map((p) => p.name).join(', ')}; interleaved, ${N} rounds`);
    await part1(peers);
    await part2(peers);
    await part3(peers);
  } finally {
    for (const p of peers) {
      for (const id of p.made) await runCommand(...p.cli(['rm', '-f', ...p.rmFlags, id]));
      p.probe?.close();
    }
    if (typeof podman !== 'string') await runCommand('podman', ['rmi', '-f', PODMAN_IMAGE]);
    if (existsSync(podmanNs)) await removeNetns(podmanNs);
    await d.cleanup();
  }
  const changed = firewall() !== firewallBefore;
  console.log(`\nhost firewall (iptables-save): ${changed ? 'CHANGED during the run' : 'unchanged'}`);
}

await main();
