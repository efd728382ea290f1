/**
 * The peers of the pull/push benchmark, each driven by its own command line:
 *   wharf   a wharfd of its own (temp data root and socket, host network: the registry is on the
 *           host's loopback), driven by the docker CLI;
 *   docker  the reference Docker (127.0.0.0/8 registries are insecure there by default);
 *   podman  with a private --root, --runroot, --tmpdir and TMPDIR (where it stages blobs), and a
 *           private blob-info cache (`isolated`), so it touches no global state;
 *   skopeo  `skopeo copy` to a fresh OCI layout, and from one (blobs copied as they are), with a
 *           private blob-info cache too;
 *   floor   the 5 blobs with 5 parallel curls: piped into `tar -xz`, each into a fresh dir, for a
 *           pull; uploaded with `curl -T` (after the POST that opens each upload) for a push.
 * A peer's `pull` and `push` time only the transfer command(s); tagging and `sync` come before.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, DOCKER } from '../../test/helpers/daemon.js';
import { type BenchImage, type PushSource } from './image.js';
import { type BenchRegistry } from './registry.js';

export const PEER_IDS = ['wharf', 'docker', 'podman', 'skopeo', 'floor'] as const;
export type PeerId = (typeof PEER_IDS)[number];
const REFERENCE = '/run/wharf-reference/docker.sock';

/** A cold pull of `ref` (`registry.host/repo:tag`, holding `image`); `dir` is fresh and the peer's to fill. */
export interface PullJob { registry: BenchRegistry; repo: string; ref: string; image: BenchImage; dir: string }
/** A push of the push source to `ref` on `registry`, which holds none of its blobs. */
export interface PushJob { registry: BenchRegistry; repo: string; ref: string; source: PushSource }

export interface Peer {
  id: PeerId;
  name: string;
  /** Once, untimed, before any measurement: makes the push source the peer's own (a load). */
  preparePush(src: PushSource): Promise<void>;
  /** Seconds the pull took. */
  pull(job: PullJob): Promise<number>;
  /** Seconds the push took. */
  push(job: PushJob): Promise<number>;
  /** Removes what the peer made (images, roots, daemon); best effort, also after a failure. */
  cleanup(): Promise<void>;
}

/** Commands running now: the caller's Ctrl-C handler ends them. */
export const running = new Set<ChildProcess>();

/** Runs a command to its end; rejects with its stderr's last line unless it exits 0. */
export function exec(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    running.add(child);
    let out = '', err = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (err += c));
    child.on('error', reject).on('close', (code, signal) => {
      running.delete(child);
      if (code === 0) return resolve(out.trim());
      const last = err.trim().split('\n').at(-1) ?? '';
      reject(new Error(`${cmd} ${args.join(' ')}: exit ${code ?? signal}: ${last}`));
    });
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Checks, untimed, that the pulled image is the one pushed: its ID is its config's digest. */
function expectImage(job: PullJob, id: string): void {
  if (id !== job.image.configDigest) throw new Error(`pulled ${job.ref} has ID ${id}, not ${job.image.configDigest}`);
}

/** A peer driven by the docker CLI (`-H host`): Wharf and Docker. Records what it tags to remove it. */
function dockerCliPeer(id: PeerId, name: string, host: string, removeAll: (refs: string[]) => Promise<void>): Peer {
  const docker = (args: string[]) => exec(DOCKER, ['-H', host, ...args]);
  const refs: string[] = [];
  return {
    id, name,
    preparePush: async (src) => { refs.push(src.localTag); await docker(['load', '-q', '-i', src.archive]); },
    pull: async (job) => {
      refs.push(job.ref);
      const secs = await timed(() => docker(['pull', '-q', job.ref]));
      expectImage(job, await docker(['image', 'inspect', '-f', '{{.Id}}', job.ref]));
      return secs;
    },
    push: async (job) => {
      refs.push(job.ref);
      await docker(['tag', job.source.localTag, job.ref]);
      return timed(() => docker(['push', '-q', job.ref]));
    },
    cleanup: () => removeAll(refs),
  };
}

async function wharfPeer(daemonArgs: string[]): Promise<Peer> {
  const d = await startDaemon(daemonArgs, { hostNetwork: true });
  return dockerCliPeer('wharf', `Wharf (docker CLI)${daemonArgs.length ? ' *' : ''}`, d.host, () => d.cleanup());
}

async function dockerPeer(): Promise<Peer> {
  if (!existsSync(REFERENCE)) throw new Error(`${REFERENCE} is not there: run reference-docker start`);
  const host = `unix://${REFERENCE}`;
  const version = await exec(DOCKER, ['-H', host, 'version', '-f', '{{.Server.Version}}']);
  const rmi = async (refs: string[]) => {
    for (const r of new Set(refs)) await exec(DOCKER, ['-H', host, 'rmi', r]).catch(() => undefined);
  };
  return dockerCliPeer('docker', `Docker ${version}`, host, rmi);
}

/**
 * argv that runs `cmd` in a mount namespace of its own where /var/lib/containers/cache (root's
 * blob-info cache, which podman and skopeo write whatever their --root) is `cacheDir`: so neither
 * touches global state, and mounts podman makes (its overlay home) end with the command.
 */
function isolated(cacheDir: string, cmd: string, args: string[]): [string, string[]] {
  const script = 'mkdir -p /var/lib/containers/cache && mount --bind "$0" /var/lib/containers/cache && exec "$@"';
  return ['unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, cacheDir, cmd, ...args]];
}

async function podmanPeer(work: string): Promise<Peer> {
  const root = join(work, 'podman');
  for (const d of ['root', 'run', 'tmp', 'staging', 'cache']) mkdirSync(join(root, d), { recursive: true });
  const global = ['--root', join(root, 'root'), '--runroot', join(root, 'run'), '--tmpdir', join(root, 'tmp'),
    '--storage-driver', 'overlay', '--events-backend', 'none', '--cgroup-manager', 'cgroupfs'];
  const env = { ...process.env, TMPDIR: join(root, 'staging') };
  const podman = (args: string[]) => exec(...isolated(join(root, 'cache'), 'podman', [...global, ...args]), env);
  const version = (await exec('podman', ['--version'])).replace('podman version ', '');
  return {
    id: 'podman', name: `podman ${version}`,
    preparePush: async (src) => { await podman(['load', '-q', '-i', src.archive]); },
    pull: async (job) => {
      const secs = await timed(() => podman(['pull', '-q', '--tls-verify=false', job.ref]));
      expectImage(job, `sha256:${await podman(['image', 'inspect', '-f', '{{.Id}}', job.ref])}`);
      return secs;
    },
    push: async (job) => {
      await podman(['tag', job.source.localTag, job.ref]);
      return timed(() => podman(['push', '-q', '--tls-verify=false', job.ref]));
    },
    // Not `system reset`: it also removes networks and other state outside --root.
    cleanup: async () => { await podman(['rmi', '-a', '-f']); },
  };
}

async function skopeoPeer(work: string): Promise<Peer> {
  const cache = join(work, 'skopeo-cache');
  mkdirSync(cache);
  const skopeo = (args: string[]) => exec(...isolated(cache, 'skopeo', args));
  const version = (await exec('skopeo', ['--version'])).replace('skopeo version ', '');
  return {
    id: 'skopeo', name: `skopeo ${version.split(' ')[0]} (copy)`,
    preparePush: async () => undefined,
    pull: (job) => timed(() => skopeo(['copy', '-q', '--src-tls-verify=false', `docker://${job.ref}`, `oci:${join(job.dir, 'oci')}:v`])),
    push: (job) => timed(() => skopeo(['copy', '-q', '--dest-tls-verify=false', `oci:${job.source.layout}:${job.source.layoutTag}`, `docker://${job.ref}`])),
    cleanup: async () => undefined,
  };
}

function floorPeer(): Peer {
  const untar = 'set -o pipefail; curl -sSf "$1" | tar --numeric-owner -xzf - -C "$2"';
  return {
    id: 'floor', name: 'floor (5 × curl)',
    preparePush: async () => undefined,
    pull: (job) => timed(() => Promise.all(job.image.layers.map((l, i) => {
      const dir = join(job.dir, `l${i}`);
      mkdirSync(dir);
      return exec('bash', ['-c', untar, 'bash', `${job.registry.url}/v2/${job.repo}/blobs/${l.digest}`, dir]);
    }))),
    push: (job) => timed(() => Promise.all(job.source.image.layers.map(async (l, i) => {
      const url = await job.registry.startUpload(job.repo);
      url.searchParams.set('digest', l.digest);
      await exec('curl', ['-sSf', '-o', '/dev/null', '-H', 'Content-Type: application/octet-stream', '-T', job.source.blobFiles[i]!, url.href]);
    }))),
    cleanup: async () => undefined,
  };
}

/** Starts the peers asked for (wharfd with `wharfdArgs` too); one that cannot run here is left out with the reason. */
export async function makePeers(ids: PeerId[], work: string, wharfdArgs: string[]): Promise<{ peers: Peer[]; skipped: string[] }> {
  const makers: Record<PeerId, () => Promise<Peer>> = {
    wharf: () => wharfPeer(wharfdArgs), docker: dockerPeer, podman: () => podmanPeer(work), skopeo: () => skopeoPeer(work), floor: async () => floorPeer(),
  };
  const peers: Peer[] = [];
  const skipped: string[] = [];
  for (const id of ids) {
    try {
      peers.push(await makers[id]());
    } catch (e) {
      skipped.push(`${id}: ${(e as Error).message}`);
    }
  }
  return { peers, skipped };
}
