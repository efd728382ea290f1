/**
 * Pull/push benchmark: a cold pull and a push of a 5-layer image of real files (549 MB of tar,
 * 217 MB gzip -6, cut from this machine's /usr: pull-push/layers.ts) from and to a loopback registry,
 * Wharf beside Docker, podman, skopeo and the floor (5 parallel curls; pull-push/peers.ts), in the
 * same run, interleaved per round (A B C A B C…), medians of the rounds after a warm-up round
 * (the daemons' first pull and push, not counted).
 *
 *   node dist/bench/pull-push.js [--rounds 3] [--warmup 1] [--only pull|push]
 *     [--peers wharf,docker,podman,skopeo,floor] [--registry distribution|wharf] [--wharfd='<extra wharfd flags>']
 *
 * The registry is Debian's docker-registry (distribution 2.8) unless `--registry wharf`; the same
 * for every peer. Pull: every pull of every round fetches an image none of the peers has seen
 * (its own 5 layer blobs: cheap variants of the base layers), all pushed into the registry before
 * the first measurement; unpacked trees are deleted only after the last one (this ext4 creates
 * files 10-40× slower for minutes after a mass delete). Push: the same image (loaded into each
 * peer beforehand, untimed), each time into a fresh registry, so no blob is there to skip or
 * mount; Docker and podman recompress their stored layers, Wharf, skopeo and the floor send the
 * stored gzip blobs. `sync` before every measurement. Everything made — the work tree under
 * /var/tmp/wharf-bench, registries, wharfd, images in the reference Docker, podman's root — is
 * removed at the end, and on Ctrl-C; only the 5 base layers stay cached there (217 MB). That end
 * deletes ~10 GB of unpacked trees: leave ~10 minutes before the next run, or its first rounds
 * measure the block allocator (seen here: floor 8.3 s, 6.7 s, then 3.8 s, 3.4 s after a 4-minute gap).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchImage, type PushSource, variantImage, writePushSource } from './pull-push/image.js';
import { type BaseLayer, CACHE, ensureBaseFiles, hashBase } from './pull-push/layers.js';
import { type Peer, type PeerId, PEER_IDS, makePeers, running } from './pull-push/peers.js';
import { BenchRegistry, type RegistryKind } from './pull-push/registry.js';

interface Options { rounds: number; warmup: number; only?: 'pull' | 'push'; peers: PeerId[]; registry: RegistryKind; wharfd: string[] }

function options(): Options {
  const { values } = parseArgs({ options: {
    rounds: { type: 'string', default: '3' }, warmup: { type: 'string', default: '1' }, only: { type: 'string' }, wharfd: { type: 'string', default: '' },
    peers: { type: 'string', default: PEER_IDS.join(',') }, registry: { type: 'string', default: 'distribution' },
  } });
  const peers = values.peers.split(',').filter(Boolean);
  const bad = peers.find((p) => !(PEER_IDS as readonly string[]).includes(p));
  if (bad) throw new Error(`--peers: unknown peer ${bad} (known: ${PEER_IDS.join(', ')})`);
  if (values.only && values.only !== 'pull' && values.only !== 'push') throw new Error('--only: pull or push');
  if (values.registry !== 'distribution' && values.registry !== 'wharf') throw new Error('--registry: distribution or wharf');
  return {
    rounds: Number(values.rounds), warmup: Number(values.warmup), only: values.only as Options['only'],
    peers: peers as PeerId[], registry: values.registry, wharfd: values.wharfd.split(/\s+/).filter(Boolean),
  };
}

/** Undo steps, run last-in first-out once (at the end, or on a signal); a failing step is reported, not fatal. */
class Cleanup {
  readonly #steps: Array<{ what: string; fn: () => Promise<unknown> }> = [];
  #done?: Promise<void>;
  add(what: string, fn: () => Promise<unknown>): void { this.#steps.push({ what, fn }); }
  run(): Promise<void> {
    return (this.#done ??= (async () => {
      for (const { what, fn } of this.#steps.reverse()) await fn().catch((e: Error) => console.error(`cleanup: ${what}: ${e.message}`));
    })());
  }
}

/** One peer's figures for one benchmark: seconds per round, bytes uploaded (push), or why it stopped. */
interface Series { secs: number[]; bytes: number[]; failed?: string }
type Results = Map<PeerId, Series>;
const REPO = 'bench/big';

const sync = () => execFileSync('sync');

/** Aborted by Ctrl-C (or SIGTERM): the run stops at its next checkpoint and cleans up. */
const interrupt = new AbortController();
function checkpoint(): void {
  if (interrupt.signal.aborted) throw new Error(`interrupted by ${String(interrupt.signal.reason)}`);
}

/** A round: warm-ups (untimed for the tables) come first; `name` tells its images and registries apart. */
interface Round { name: string; label: string; counted: boolean }

function roundsOf(o: Options): Round[] {
  const warm = Array.from({ length: o.warmup }, (_, i) => ({ name: `w${i + 1}`, label: `warm-up ${i + 1}`, counted: false }));
  return [...warm, ...Array.from({ length: o.rounds }, (_, i) => ({ name: `r${i + 1}`, label: `round ${i + 1}`, counted: true }))];
}

/** Runs one measurement of `p` (after `sync`); a failure stops the peer for the rest of this benchmark. */
async function measure(p: Peer, results: Results, round: Round, what: string, fn: () => Promise<number>): Promise<number | undefined> {
  const s = results.get(p.id)!;
  checkpoint();
  if (s.failed) return undefined;
  sync();
  try {
    const secs = await fn();
    if (round.counted) s.secs.push(secs);
    console.error(`${what} ${round.label} ${p.name}: ${secs.toFixed(2)} s`);
    return secs;
  } catch (e) {
    checkpoint();
    s.failed = (e as Error).message;
    console.error(`${what} ${round.label} ${p.name}: FAILED ${s.failed}`);
    return undefined;
  }
}

async function pulls(o: Options, work: string, bases: BaseLayer[], peers: Peer[], cleanup: Cleanup): Promise<Results> {
  const registry = await BenchRegistry.start(o.registry, join(work, 'registry-pull'));
  cleanup.add('stop the pull registry', () => registry.stop());
  const images = new Map<string, BenchImage>();
  const name = (r: Round, p: Peer) => `${r.name}-${p.id}`;
  const t0 = Date.now();
  for (const r of roundsOf(o)) {
    for (const p of peers) {
      checkpoint();
      const img = variantImage(bases, name(r, p));
      await registry.upload(REPO, img.name, img);
      images.set(img.name, img);
    }
  }
  console.error(`pushed ${images.size} variants into ${o.registry} at ${registry.host} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const results: Results = new Map(peers.map((p) => [p.id, { secs: [], bytes: [] }]));
  for (const r of roundsOf(o)) {
    for (const p of peers) {
      const image = images.get(name(r, p))!;
      const dir = join(work, `pull-${name(r, p)}`);
      mkdirSync(dir);
      await measure(p, results, r, 'pull', () => p.pull({ registry, repo: REPO, ref: `${registry.host}/${REPO}:${image.name}`, image, dir }));
    }
  }
  return results;
}

async function pushes(o: Options, work: string, source: PushSource, peers: Peer[], cleanup: Cleanup): Promise<Results> {
  const results: Results = new Map(peers.map((p) => [p.id, { secs: [], bytes: [] }]));
  for (const p of peers) {
    await p.preparePush(source).catch((e: Error) => (results.get(p.id)!.failed = `load of the push image: ${e.message}`));
  }
  for (const r of roundsOf(o)) {
    for (const p of peers) {
      checkpoint();
      const registry = await BenchRegistry.start(o.registry, join(work, `registry-push-${r.name}-${p.id}`));
      cleanup.add(`stop registry ${registry.host}`, () => registry.stop());
      const secs = await measure(p, results, r, 'push', () => p.push({ registry, repo: REPO, ref: `${registry.host}/${REPO}:push`, source }));
      if (secs !== undefined && r.counted) results.get(p.id)!.bytes.push(await registry.storedBytes());
      await registry.stop();
    }
  }
  return results;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const RUNS_WIDTH = 24;

function table(title: string, peers: Peer[], results: Results, withBytes: boolean): void {
  console.log(`\n${title}`);
  const right = ['× floor', '× Docker', ...(withBytes ? ['MB sent'] : [])].map((c) => c.padStart(10)).join('');
  console.log('  ' + 'peer'.padEnd(24) + 'median s'.padStart(10) + '  ' + 'runs'.padEnd(RUNS_WIDTH) + right);
  const ref = (id: PeerId) => { const s = results.get(id); return s?.secs.length ? median(s.secs) : undefined; };
  const ratio = (m: number, to?: number) => (to ? (m / to).toFixed(2) : '-').padStart(10);
  for (const p of peers) {
    const s = results.get(p.id)!;
    const label = '  ' + p.name.padEnd(24);
    if (!s.secs.length) { console.log(`${label}failed: ${s.failed ?? 'not run'}`); continue; }
    const m = median(s.secs);
    const runs = s.secs.map((x) => x.toFixed(2)).join(', ');
    const bytes = withBytes ? (median(s.bytes) / 1e6).toFixed(0).padStart(10) : '';
    console.log(label + m.toFixed(2).padStart(10) + '  ' + runs.padEnd(RUNS_WIDTH) + ratio(m, ref('floor')) + ratio(m, ref('docker')) + bytes);
    if (s.failed) console.log(`  ${''.padEnd(24)}then failed: ${s.failed}`);
  }
}

/** Unmounts whatever is mounted under `dir`, deepest first: removing `dir` must not reach through a mount. */
function unmountUnder(dir: string): void {
  const points = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '');
  for (const m of points.filter((p) => p.startsWith(`${dir}/`)).reverse()) execFileSync('umount', ['-l', m]);
}

async function bench(o: Options, cleanup: Cleanup): Promise<void> {
  const bases = await Promise.all(ensureBaseFiles().map(hashBase));
  const work = mkdtempSync(join(CACHE, 'pull-push-'));
  cleanup.add(`remove ${work}`, async () => {
    unmountUnder(work);
    await rm(work, { recursive: true, force: true });
  });
  const { peers, skipped } = await makePeers(o.peers, work, o.wharfd);
  for (const p of peers) cleanup.add(`clean up ${p.name}`, () => p.cleanup());
  for (const s of skipped) console.log(`not a peer: ${s}`);
  if (o.wharfd.length) console.log(`Wharf *: wharfd started with ${o.wharfd.join(' ')}`);
  const gz = bases.reduce((n, b) => n + b.size, 0) / 1e6;
  const tar = bases.reduce((n, b) => n + b.tarSize, 0) / 1e6;
  const what = `${bases.length} layers, ${gz.toFixed(0)} MB gzip, ${tar.toFixed(0)} MB tar, ${o.registry === 'wharf' ? "Wharf's registry" : 'distribution 2.8 (docker-registry)'} on 127.0.0.1`;
  const source = o.only === 'pull' ? undefined : await writePushSource(join(work, 'push-source'), variantImage(bases, 'push'), `wharf-bench/push:src-${process.pid}`);
  let pull: Results | undefined;
  let push: Results | undefined;
  if (o.only !== 'push') {
    pull = await pulls(o, work, bases, peers, cleanup);
    table(`pull: cold pull of ${what}; ${o.rounds} interleaved rounds after ${o.warmup} warm-up, a new image each time`, peers, pull, false);
  }
  if (source) {
    push = await pushes(o, work, source, peers, cleanup);
    table(`push: ${what}, into a fresh registry each time; ${o.rounds} interleaved rounds after ${o.warmup} warm-up`, peers, push, true);
  }
  aims(pull, push);
}

/** The aims, against Wharf's medians: pull ≤ 1.15 × the floor's in the same run, push ≤ 1.5 s. */
function aims(pull?: Results, push?: Results): void {
  const m = (r: Results | undefined, id: PeerId) => (r?.get(id)?.secs.length ? median(r.get(id)!.secs) : undefined);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines: string[] = [];
  const [wPull, fPull, wPush] = [m(pull, 'wharf'), m(pull, 'floor'), m(push, 'wharf')];
  if (wPull !== undefined && fPull !== undefined) lines.push(`pull ${(wPull / fPull).toFixed(2)} × floor (aim ≤ 1.15): ${verdict(wPull <= 1.15 * fPull)}`);
  if (wPush !== undefined) lines.push(`push ${wPush.toFixed(2)} s (aim ≤ 1.5 s): ${verdict(wPush <= 1.5)}`);
  if (lines.length) console.log(`\naims for Wharf: ${lines.join('; ')}`);
}

async function main(): Promise<void> {
  const o = options();
  const cleanup = new Cleanup();
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(130); // a second one: leave at once
    console.error(`\n${sig}: stopping, then cleaning up (again to leave at once)`);
    interrupt.abort(sig);
    for (const c of running) c.kill('SIGTERM');
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    await bench(o, cleanup);
  } catch (e) {
    if (!interrupt.signal.aborted) throw e;
    process.exitCode = 130;
  } finally {
    console.error('cleaning up…');
    await cleanup.run();
  }
}

await main();
