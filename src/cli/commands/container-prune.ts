/** `wharf container prune [-f] [--filter]`: `POST /containers/prune?filters=`, with docker's prompt and report. */
import { pruneContainers } from '../../client/api/container-ops.js';
import type { CommandSpec } from '../command.js';
import type { Transport } from '../../client/transport.js';
import { bool, list } from '../flags/types.js';
import { humanSize } from '../../util/go-units.js';
import { FILTER_FLAG, filtersToJson } from './shared/flags.js';
import { confirm } from './image-prune.js';

const { short: _short, ...PRUNE_FILTER_FLAG } = { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "until=<timestamp>")' };

/** Prunes and words the result as docker's container RunPrune: the deleted IDs (or ''), and the bytes. */
export async function runContainerPrune(t: Transport, filters: Record<string, Record<string, boolean>>): Promise<{ output: string; reclaimed: number }> {
  const report = await pruneContainers(t, filters);
  const deleted = report.ContainersDeleted ?? [];
  if (deleted.length === 0) return { output: '', reclaimed: 0 };
  return { output: `Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}`, reclaimed: report.SpaceReclaimed ?? 0 };
}

/** `wharf container prune`. */
export const command: CommandSpec = {
  name: 'container prune',
  use: 'container prune [OPTIONS]',
  short: 'Remove all stopped containers',
  flags: [PRUNE_FILTER_FLAG, { long: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' }],
  args: { kind: 'none' },
  run: async (ctx, p) => {
    if (!bool(p, 'force') && !(await confirm(ctx, 'WARNING! This will remove all stopped containers.'))) return 0;
    const { output, reclaimed } = await runContainerPrune(await ctx.transport(), filtersToJson(list(p, 'filter')));
    if (output) ctx.out(`${output}\n`);
    ctx.out(`Total reclaimed space: ${humanSize(reclaimed, 4)}\n`);
    return 0;
  },
};
