/**
 * Turns a create request and the image's config into a container record, with moby's merge
 * rules: user Env first, then the image's not overridden; an Entrypoint given by the user drops
 * the image's Cmd; labels, exposed ports and volumes are unions; User, WorkingDir and StopSignal
 * fall back to the image's; the hostname defaults to the short ID.
 */
import { posix } from 'node:path';
import type { ImageConfig, ContainerDefaults } from '../../oci/image-config.js';
import type { Digest } from '../../oci/digest.js';
import { type ContainerConfig, type ContainerRecord, type HostConfig, newState } from './record.js';
import { InternalError, InvalidArgumentError } from '../errors.js';
import { checkRealtime, validateResources } from './validate-resources.js';
import { validateRestartPolicy } from './restart/policy.js';
import type { CreateRequest } from '../engine.js';
import type { LogConfig } from './logs/policy.js';
import { mergeHealthcheck } from './health/config.js';

/** Docker's /dev/shm size when `--shm-size` is not given: 64 MiB. */
const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** What the engine decided before the record is built: its ID and name, its log settings. */
export interface NewContainer { id: string; name: string; logConfig: LogConfig }

/**
 * moby's merge of Env: the user's variables as given (duplicates and all), then each image variable
 * whose name the user did not set. A bare `NAME` from the user masks the image's NAME.
 */
export function mergeEnv(image: string[] = [], user: string[] = []): string[] {
  if (user.length === 0) return [...image];
  const keyOf = (kv: string): string => kv.split('=', 1)[0] ?? kv;
  const userKeys = new Set(user.map(keyOf));
  return [...user, ...image.filter((kv) => !userKeys.has(keyOf(kv)))];
}

function nonEmpty<T>(o: Record<string, T> | undefined): Record<string, T> | null {
  return o && Object.keys(o).length > 0 ? o : null;
}

function union<T>(a?: Record<string, T> | null, b?: Record<string, T> | null): Record<string, T> | undefined {
  if (!a && !b) return undefined;
  return { ...(a ?? {}), ...(b ?? {}) };
}

/** What the container runs, as stored: Entrypoint and Cmd after the image's defaults, and [Path, ...Args]. */
export interface ResolvedCommand { entrypoint: string[] | null; cmd: string[] | null; argv: string[] }

/**
 * moby's rules: a non-empty user Entrypoint (`--entrypoint x`, or `[""]` for `--entrypoint ''`)
 * drops the image's Entrypoint and Cmd; otherwise an empty user Cmd takes the image's, and a null
 * user Entrypoint the image's. `[""]` is then stored as null. Throws Docker's "No command specified".
 */
export function resolveCommand(user: ContainerConfig, image: ContainerDefaults): ResolvedCommand {
  let entrypoint = user.Entrypoint ?? null;
  let cmd = user.Cmd ?? null;
  if (!entrypoint || entrypoint.length === 0) {
    if (!cmd || cmd.length === 0) cmd = image.Cmd ?? cmd;
    if (entrypoint === null) entrypoint = image.Entrypoint ?? null;
  }
  if (entrypoint?.length === 1 && entrypoint[0] === '') entrypoint = null;
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) throw new InvalidArgumentError('No command specified');
  return { entrypoint, cmd, argv };
}

export function buildRecord(req: CreateRequest, imageId: Digest, image: ImageConfig, n: NewContainer): ContainerRecord {
  const id = n.id;
  const defaults = image.config ?? {};
  const user = req.config;
  const { entrypoint, cmd, argv } = resolveCommand(user, defaults);
  const Labels = union(defaults.Labels, user.Labels) ?? {};
  const healthcheck = mergeHealthcheck(user.Healthcheck, defaults.Healthcheck);
  const config: ContainerConfig = {
    Hostname: user.Hostname || id.slice(0, 12),
    Domainname: user.Domainname ?? '',
    User: user.User || defaults.User || '',
    AttachStdin: Boolean(user.AttachStdin),
    AttachStdout: Boolean(user.AttachStdout),
    AttachStderr: Boolean(user.AttachStderr),
    ...(union(defaults.ExposedPorts, user.ExposedPorts) ? { ExposedPorts: union(defaults.ExposedPorts, user.ExposedPorts) } : {}),
    Tty: Boolean(user.Tty),
    OpenStdin: Boolean(user.OpenStdin),
    StdinOnce: Boolean(user.StdinOnce),
    Env: mergeEnv(defaults.Env ?? [], user.Env ?? []),
    Cmd: cmd,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    Image: user.Image,
    Volumes: nonEmpty(union(defaults.Volumes, user.Volumes)),
    WorkingDir: cleanWorkingDir(user.WorkingDir || defaults.WorkingDir || ''),
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels,
    ...(user.StopSignal || defaults.StopSignal ? { StopSignal: user.StopSignal || defaults.StopSignal } : {}),
    ...(user.StopTimeout !== undefined ? { StopTimeout: user.StopTimeout } : {}),
    // The container's own shell (the API's Config.Shell; Docker does not take the image's): CMD-SHELL probes run in it.
    ...(user.Shell && user.Shell.length > 0 ? { Shell: user.Shell } : {}),
  };
  return {
    Id: id,
    Name: n.name,
    Created: new Date().toISOString(),
    Path: argv[0]!,
    Args: argv.slice(1),
    Config: config,
    HostConfig: { ...normalizeHostConfig(req.hostConfig), LogConfig: n.logConfig },
    Image: imageId,
    State: newState(),
    RestartCount: 0,
    LogPath: '',
  };
}

/** Docker's check of the working directory at create (it must be absolute), and its cleaned form. */
function cleanWorkingDir(dir: string): string {
  if (dir === '') return '';
  if (!dir.startsWith('/')) throw new InvalidArgumentError(`the working directory '${dir}' is invalid, it needs to be an absolute path`);
  return posix.normalize(dir).replace(/(.)\/$/, '$1');
}

/** Docker's checks of the host config at create, and its stored form. */
export function normalizeHostConfig(h: HostConfig): HostConfig {
  validateRestartPolicy(h);
  validateResources(h);
  checkRealtime(h);
  refuseStorageOpt(h.StorageOpt);
  checkOomScoreAdj(h.OomScoreAdj);
  return {
    ...h,
    NetworkMode: h.NetworkMode || 'default',
    // Stored as given: Docker keeps an empty name (no policy) as "".
    RestartPolicy: { Name: h.RestartPolicy?.Name ?? '', MaximumRetryCount: h.RestartPolicy?.MaximumRetryCount ?? 0 },
    // Docker stores "unset" for these as null, whatever sentinel the client sent.
    // Docker stores the swap a memory limit implies (as much again), which `update` compares against.
    MemorySwap: h.Memory && h.Memory > 0 && !h.MemorySwap ? 2 * h.Memory : h.MemorySwap ?? 0,
    MemorySwappiness: h.MemorySwappiness === undefined || h.MemorySwappiness === -1 ? null : h.MemorySwappiness,
    PidsLimit: h.PidsLimit && h.PidsLimit > 0 ? h.PidsLimit : null,
    ShmSize: h.ShmSize && h.ShmSize > 0 ? h.ShmSize : DEFAULT_SHM_SIZE,
  };
}

/** The kernel's range of oom_score_adj, checked at create with Docker's message. */
function checkOomScoreAdj(adj: unknown): void {
  if (typeof adj === 'number' && (adj < -1000 || adj > 1000)) {
    throw new InvalidArgumentError(`Invalid value ${adj}, range for oom score adj is [-1000, 1000]`);
  }
}

/** Docker on overlay2 without project quotas takes no storage options (and Wharf has no quotas). */
function refuseStorageOpt(opts: Record<string, string> | null | undefined): void {
  for (const key of Object.keys(opts ?? {})) {
    if (key.toLowerCase() === 'size') throw new InternalError("--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
    throw new InternalError(`Unknown option ${key}`);
  }
}
