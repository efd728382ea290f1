/**
 * `wharf volume prune [-a] [-f] [--filter]`: `POST /volumes/prune?filters=`, with docker 28's prompt
 * and report. The daemon prunes anonymous volumes only (API ≥ 1.42); `-a` adds the filter `all=true`.
 */
import { pruneVolumes, type VolumePruneReport } from '../../../client/api/volumes.js';
import type { Transport } from '../../../client/transport.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { StatusError } from '../../errors.js';
import { bool, list, type ParsedFlags } from '../../flags/types.js';
import { humanSize } from '../../../util/go-units.js';
import { FILTER_FLAG, filtersToJson } from '../shared/flags.js';
import { confirm } from '../image-prune.js';

const WARN_ANONYMOUS = 'WARNING! This will remove anonymous local volumes not used by at least one container.';
const WARN_ALL = 'WARNING! This will remove all local volumes not used by at least one container.';

/** Prunes and words the result as docker's volume RunPrune: the deleted names (or ''), and the bytes. */
export async function runVolumePrune(t: Transport, filters: Record<string, Record<string, boolean>>): Promise<{ output: string; reclaimed: number }> {
  const report: VolumePruneReport = await pruneVolumes(t, filters);
  const deleted = report.VolumesDeleted ?? [];
  if (deleted.length === 0) return { output: '', reclaimed: 0 };
  return { output: `Deleted Volumes:\n${deleted.map((n) => `${n}\n`).join('')}`, reclaimed: report.SpaceReclaimed };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const filters = filtersToJson(list(p, 'filter'));
  const all = bool(p, 'all');
  if (all) {
    if (filters['all']) throw new StatusError(1, 'conflicting options: cannot specify both --all and --filter all=1');
    filters['all'] = { true: true };
  }
  // docker words the prompt by -a alone: `--filter all=1` keeps the anonymous warning.
  if (!bool(p, 'force') && !(await confirm(ctx, all ? WARN_ALL : WARN_ANONYMOUS))) return 0;
  const { output, reclaimed } = await runVolumePrune(await ctx.transport(), filters);
  if (output) ctx.out(`${output}\n`);
  ctx.out(`Total reclaimed space: ${humanSize(reclaimed, 4)}\n`);
  return 0;
}

const { short: _short, ...PRUNE_FILTER_FLAG } = { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "label=<label>")' };

/** `wharf volume prune`. */
export const command: CommandSpec = {
  name: 'volume prune',
  use: 'volume prune [OPTIONS]',
  short: 'Remove unused local volumes',
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Remove all unused volumes, not just anonymous ones' },
    PRUNE_FILTER_FLAG,
    { long: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  args: { kind: 'none' },
  run,
};
