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
import { compile, parseFormat } from '../format/formatter.js';
import { TemplateError } from '../format/template/lexer.js';
import { StatusError } from '../errors.js';
import { execute, TYPE_NAME } from '../format/template/exec.js';
import { basicFuncs } from '../format/template/funcs.js';
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

/** docker's diskUsageContext: what a verbose `--format` template sees (and `json` prints). */
class VerboseContext {
  readonly [TYPE_NAME] = '*formatter.diskUsageContext';
  readonly BuildCache: object[] = [];
  constructor(readonly Images: ImageContext[], readonly Containers: ContainerContext[], readonly Volumes: VolumeContext[]) {}

  marshalJSON(): string {
    const list = (xs: Array<{ marshalJSON(): string }>) => `[${xs.map((x) => x.marshalJSON()).join(',')}]`;
    return `{"Images":${list(this.Images)},"Containers":${list(this.Containers)},"Volumes":${list(this.Volumes)},"BuildCache":[]}`;
  }
}

/** The contexts; IDs and commands are truncated for the tables only, as docker's `trunc := IsTable()`. */
function contexts(du: DiskUsage, trunc: boolean, now: number): VerboseContext {
  return new VerboseContext(
    (du.Images ?? []).map((i) => new ImageContext(i, firstTag(i), trunc, now)),
    (du.Containers ?? []).map((c) => new ContainerContext({ ...c, SizeRootFs: 0 }, trunc, now)),
    (du.Volumes ?? []).map((v) => new VolumeContext(v)),
  );
}

/**
 * The whole verbose report: the tables for `table`, else the template run once over the
 * diskUsageContext (`json` is `{{json .}}`), with no newline after, as docker prints it.
 */
export function verboseDf(du: DiskUsage, format: string, now = Date.now()): string {
  const c = contexts(du, format === 'table', now);
  if (format !== 'table') {
    const nodes = compile(parseFormat(format, '').template);
    try {
      return execute(nodes, c, basicFuncs);
    } catch (e) {
      if (e instanceof TemplateError) throw new StatusError(1, e.message); // docker prints the template's own error here
      throw e;
    }
  }
  return `Images space usage:\n\n${table(IMAGES_TABLE, imageHeader, c.Images)}`
    + `\nContainers space usage:\n\n${table(CONTAINERS_TABLE, containerHeader, c.Containers)}`
    + `\nLocal Volumes space usage:\n\n${table(VOLUMES_TABLE, volumeHeader, c.Volumes)}`
    + `\nBuild cache usage: 0B\n\n${table(CACHE_TABLE, cacheHeader, [])}`;
}
