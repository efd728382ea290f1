/**
 * `system df -v`: docker's verbose disk usage (cli/command/formatter/disk_usage.go verboseWrite):
 * a table per kind, each aligned on its own. Images show their first tag only; containers leave out
 * the virtual size; volumes show their links (containers using them) and size. Wharf has no build
 * cache yet, so its section is the total and an empty table, as docker prints one with none.
 */
import { renderFormat } from '../format/formatter.js';
import { ImageContext, imageHeader, isDangling } from '../format/image-context.js';
import { ContainerContext, containerHeader } from '../format/container-context.js';
import { VolumeContext, volumeHeader } from '../format/volume-context.js';
import { parseNormalizedNamed, familiarName } from '../../reference/reference.js';
import type { ImageSummary } from '../../client/api/types.js';
import type { DiskUsage } from './system-df.js';

const IMAGES_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';
const CONTAINERS_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}';
const VOLUMES_TABLE = 'table {{.Name}}\t{{.Links}}\t{{.Size}}';
const CACHE_TABLE = 'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}';
const cacheHeader = { ID: 'CACHE ID', CacheType: 'CACHE TYPE', Size: 'SIZE', CreatedSince: 'CREATED', LastUsedSince: 'LAST USED', UsageCount: 'USAGE', Shared: 'SHARED' };

/** The first tag's repository and tag, or `<none>` (docker shows one row per image here). */
function firstTag(img: ImageSummary): { repo: string; tag: string; digest: string } {
  const none = { repo: '<none>', tag: '<none>', digest: '' };
  const first = img.RepoTags?.[0];
  if (!first || isDangling(img)) return none;
  try {
    const r = parseNormalizedNamed(first);
    return r.tag === undefined ? none : { repo: familiarName(r), tag: r.tag, digest: '' };
  } catch {
    return none;
  }
}

const table = (defaultTable: string, header: object, rows: object[]) => renderFormat({ format: 'table', defaultTable, header, rows });

/** The whole verbose report. */
export function verboseDf(du: DiskUsage, now = Date.now()): string {
  const images = (du.Images ?? []).map((i) => new ImageContext(i, firstTag(i), true, now));
  const containers = (du.Containers ?? []).map((c) => new ContainerContext({ ...c, SizeRootFs: 0 }, true, now));
  const volumes = (du.Volumes ?? []).map((v) => new VolumeContext(v));
  return `Images space usage:\n\n${table(IMAGES_TABLE, imageHeader, images)}`
    + `\nContainers space usage:\n\n${table(CONTAINERS_TABLE, containerHeader, containers)}`
    + `\nLocal Volumes space usage:\n\n${table(VOLUMES_TABLE, volumeHeader, volumes)}`
    + `\nBuild cache usage: 0B\n\n${table(CACHE_TABLE, cacheHeader, [])}`;
}
