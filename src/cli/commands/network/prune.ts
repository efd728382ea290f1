/** `wharf network prune [-f] [--filter]`: `POST /networks/prune?filters=`, with docker 28's prompt and report. */
import { pruneNetworks } from '../../../client/api/networks.js';
import type { Transport } from '../../../client/transport.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { bool, list, type ParsedFlags } from '../../flags/types.js';
import { FILTER_FLAG, filtersToJson } from '../shared/flags.js';
import { confirm } from '../image-prune.js';

const WARNING = 'WARNING! This will remove all custom networks not used by at least one container.';

/** Prunes and words the result as docker's network RunPrune: the deleted names, or '' when none. */
export async function runNetworkPrune(t: Transport, filters: Record<string, Record<string, boolean>>): Promise<{ output: string; reclaimed: number }> {
  const deleted = (await pruneNetworks(t, filters)).NetworksDeleted ?? [];
  if (deleted.length === 0) return { output: '', reclaimed: 0 };
  return { output: `Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}`, reclaimed: 0 };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  if (!bool(p, 'force') && !(await confirm(ctx, WARNING))) return 0;
  const { output } = await runNetworkPrune(await ctx.transport(), filtersToJson(list(p, 'filter')));
  if (output) ctx.out(`${output}\n`);
  return 0;
}

const { short: _short, ...PRUNE_FILTER_FLAG } = { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "until=<timestamp>")' };

/** `wharf network prune`. */
export const command: CommandSpec = {
  name: 'network prune',
  use: 'network prune [OPTIONS]',
  short: 'Remove all unused networks',
  flags: [PRUNE_FILTER_FLAG, { long: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' }],
  args: { kind: 'none' },
  run,
};
