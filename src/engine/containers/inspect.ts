/** What `GET /containers/{id}/json` shows beyond the record: managed files, the overlay's dirs, security paths. */
import { mountOption } from '../../oci/mount.js';
import { MASKED_PATHS, READONLY_PATHS } from '../../runtime/spec/defaults.js';
import type { ContainerDetails } from '../engine.js';
import type { ContainerDeps } from './deps.js';
import { ZERO_TIME, type ContainerRecord } from './record.js';
import { etcPaths } from './etc-files.js';

export async function containerDetails(d: ContainerDeps, rec: ContainerRecord): Promise<ContainerDetails> {
  const image = d.images.byId(rec.Image);
  const mount = (await d.snapshots.mounts(rec.Id).catch(() => []))[0];
  const privileged = Boolean(rec.HostConfig.Privileged);
  return {
    record: rec,
    files: etcFilesShown(d, rec),
    graph: {
      lowerDirs: image ? d.images.layerDirs(image) : [],
      upperDir: mount ? mountOption(mount, 'upperdir') ?? '' : '',
      workDir: mount ? mountOption(mount, 'workdir') ?? '' : '',
      mergedDir: d.paths.rootfs(rec.Id),
    },
    // As moby stores them: a list given at create as given, else the defaults (none when privileged).
    maskedPaths: given(rec.HostConfig.MaskedPaths) ?? (privileged ? null : MASKED_PATHS),
    readonlyPaths: given(rec.HostConfig.ReadonlyPaths) ?? (privileged ? null : READONLY_PATHS),
    execIds: d.execs?.activeIds(rec.Id) ?? null,
  };
}

/** As Docker shows them: none before the first start, the donor's with `container:` networking. */
function etcFilesShown(d: ContainerDeps, rec: ContainerRecord): ContainerDetails['files'] {
  if (rec.State.StartedAt === ZERO_TIME) return { hosts: '', resolvConf: '', hostname: '' };
  const mode = String(rec.HostConfig.NetworkMode ?? '');
  return etcPaths(d.paths.container(mode.startsWith('container:') ? mode.slice('container:'.length) : rec.Id));
}

const given = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);
