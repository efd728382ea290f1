/**
 * `wharf system df [-v] [--format]`: `GET /system/df`, docker's summary table (TYPE, TOTAL, ACTIVE,
 * SIZE, RECLAIMABLE), or with `-v` its per-object tables (system-df-verbose.ts).
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { renderFormat } from '../format/formatter.js';
import { humanSize } from '../../util/go-units.js';
import { TYPE_NAME } from '../format/template/exec.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { FORMAT_FLAG_USAGE } from './shared/flags.js';
import type { ContainerSummary, ImageSummary } from '../../client/api/types.js';
import type { VolumeSummary } from '../../client/api/volumes.js';
import { verboseDf } from './system-df-verbose.js';

/** What `GET /system/df` answers, as the CLI reads it. */
export interface DiskUsage {
  LayersSize: number;
  Images: Array<ImageSummary & { SharedSize: number; Containers: number }> | null;
  Containers: ContainerSummary[] | null;
  Volumes: VolumeSummary[] | null;
}

const TABLE = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const header = { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' };

/** One summary row. */
class DfRow {
  readonly [TYPE_NAME] = '*formatter.diskUsageContext';
  constructor(readonly type: string, readonly total: number, readonly active: number, readonly size: number, readonly reclaimable: number) {}
  Type(): string { return this.type; }
  TotalCount(): string { return String(this.total); }
  Active(): string { return String(this.active); }
  Size(): string { return humanSize(this.size, 4); }
  Reclaimable(): string {
    const r = humanSize(this.reclaimable, 4);
    return this.size > 0 ? `${r} (${Math.floor((this.reclaimable * 100) / this.size)}%)` : r;
  }
}

/** docker's volume row: sizes of -1 (not available) count nowhere; unreferenced ones are reclaimable. */
function volumesRow(volumes: VolumeSummary[]): DfRow {
  let size = 0;
  let reclaimable = 0;
  let active = 0;
  for (const v of volumes) {
    const u = v.UsageData ?? { Size: -1, RefCount: -1 };
    if (u.Size !== -1) {
      size += u.Size;
      if (u.RefCount === 0) reclaimable += u.Size;
    }
    if (u.RefCount > 0) active++;
  }
  return new DfRow('Local Volumes', volumes.length, active, size, reclaimable);
}

function rows(du: DiskUsage): DfRow[] {
  const images = du.Images ?? [];
  const used = images.filter((i) => i.Containers > 0);
  const usedBytes = used.reduce((s, i) => s + i.Size - i.SharedSize, 0);
  const cs = du.Containers ?? [];
  const running = cs.filter((c) => c.State === 'running');
  const csSize = cs.reduce((s, c) => s + (c.SizeRw ?? 0), 0);
  const csReclaim = cs.filter((c) => c.State !== 'running').reduce((s, c) => s + (c.SizeRw ?? 0), 0);
  return [
    new DfRow('Images', images.length, used.length, du.LayersSize, du.LayersSize - usedBytes),
    new DfRow('Containers', cs.length, running.length, csSize, csReclaim),
    volumesRow(du.Volumes ?? []),
    new DfRow('Build Cache', 0, 0, 0, 0),
  ];
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const format = str(p, 'format') || 'table';
  const verbose = bool(p, 'verbose');
  const t = await ctx.transport();
  const du = await t.json<DiskUsage>({ method: 'GET', path: '/system/df' });
  ctx.out(verbose ? verboseDf(du, format) : renderFormat({ format, defaultTable: TABLE, header, rows: rows(du) }));
  return 0;
}

/** `wharf system df`. */
export const command: CommandSpec = {
  name: 'system df',
  use: 'system df [OPTIONS]',
  short: 'Show wharf disk usage',
  flags: [
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'verbose', short: 'v', type: 'bool', usage: 'Show detailed information on space usage' },
  ],
  args: { kind: 'none' },
  run,
};
