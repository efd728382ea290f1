/**
 * Turns a create request and the image's config into a container record, with Docker's merge
 * rules: user Env overrides image Env by key; an Entrypoint given by the user drops the image's Cmd;
 * labels, exposed ports and volumes are unions; the hostname defaults to the short ID.
 */
import type { ImageConfig, ContainerDefaults } from '../../oci/image-config.js';
import type { Digest } from '../../oci/digest.js';
import { type ContainerConfig, type ContainerRecord, type HostConfig, newState } from './record.js';
import { InternalError, InvalidArgumentError } from '../errors.js';
import { validateResources } from './validate-resources.js';
import { validateRestartPolicy } from './restart/policy.js';
import type { CreateRequest } from '../engine.js';
import type { LogConfig } from './logs/policy.js';
import { mergeHealthcheck } from './health/config.js';

/** Docker's /dev/shm size when `--shm-size` is not given: 64 MiB. */
const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** What the engine decided before the record is built: its ID and name, its log settings. */
export interface NewContainer { id: string; name: string; logConfig: LogConfig }

export function mergeEnv(base: string[] = [], over: string[] = []): string[] {
  const m = new Map<string, string>();
  for (const kv of [...base, ...over]) {
    const eq = kv.indexOf('=');
    m.set(eq < 0 ? kv : kv.slice(0, eq), kv);
  }
  return [...m.values()];
}

function nonEmpty<T>(o: Record<string, T> | undefined): Record<string, T> | null {
  return o && Object.keys(o).length > 0 ? o : null;
}

function union<T>(a?: Record<string, T> | null, b?: Record<string, T> | null): Record<string, T> | undefined {
  if (!a && !b) return undefined;
  return { ...(a ?? {}), ...(b ?? {}) };
}

/** The command to run: [Path, ...Args]. Throws Docker's "No command specified". */
export function resolveCommand(user: ContainerConfig, image: ContainerDefaults): { entrypoint: string[]; cmd: string[] } {
  const userEntrypoint = user.Entrypoint ?? undefined;
  const entrypoint = userEntrypoint ?? image.Entrypoint ?? [];
  const cmd = user.Cmd && user.Cmd.length > 0 ? user.Cmd : userEntrypoint !== undefined ? [] : (image.Cmd ?? []);
  const entry = entrypoint.length === 1 && entrypoint[0] === '' ? [] : entrypoint;
  if (entry.length === 0 && cmd.length === 0) throw new InvalidArgumentError('No command specified');
  return { entrypoint: entry, cmd };
}

export function buildRecord(req: CreateRequest, imageId: Digest, image: ImageConfig, n: NewContainer): ContainerRecord {
  const id = n.id;
  const defaults = image.config ?? {};
  const user = req.config;
  const { entrypoint, cmd } = resolveCommand(user, defaults);
  const argv = [...entrypoint, ...cmd];
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
    Cmd: cmd.length > 0 ? cmd : null,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    Image: user.Image,
    Volumes: nonEmpty(union(defaults.Volumes, user.Volumes)),
    WorkingDir: user.WorkingDir || defaults.WorkingDir || '',
    Entrypoint: entrypoint.length > 0 ? entrypoint : null,
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

/** Docker's checks of the host config at create, and its stored form. */
export function normalizeHostConfig(h: HostConfig): HostConfig {
  validateRestartPolicy(h);
  validateResources(h);
  refuseStorageOpt(h.StorageOpt);
  return {
    ...h,
    NetworkMode: h.NetworkMode || 'default',
    // Stored as given: Docker keeps an empty name (no policy) as "".
    RestartPolicy: { Name: h.RestartPolicy?.Name ?? '', MaximumRetryCount: h.RestartPolicy?.MaximumRetryCount ?? 0 },
    // Docker stores "unset" for these as null, whatever sentinel the client sent.
    MemorySwappiness: h.MemorySwappiness === undefined || h.MemorySwappiness === -1 ? null : h.MemorySwappiness,
    PidsLimit: h.PidsLimit && h.PidsLimit > 0 ? h.PidsLimit : null,
    ShmSize: h.ShmSize && h.ShmSize > 0 ? h.ShmSize : DEFAULT_SHM_SIZE,
  };
}

/** Docker on overlay2 without project quotas takes no storage options (and Wharf has no quotas). */
function refuseStorageOpt(opts: Record<string, string> | null | undefined): void {
  for (const key of Object.keys(opts ?? {})) {
    if (key.toLowerCase() === 'size') throw new InternalError("--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
    throw new InternalError(`Unknown option ${key}`);
  }
}
