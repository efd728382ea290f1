/** `wharf builder prune [-a] [-f] [--filter]`: `POST /build/prune`, with docker's prompt and report. */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { Transport } from '../../client/transport.js';
import { bool, list, type ParsedFlags } from '../flags/types.js';
import { humanSize } from '../../util/go-units.js';
import { FILTER_FLAG, filtersToJson } from './shared/flags.js';
import { confirm } from './image-prune.js';

const { short: _short, ...PRUNE_FILTER_FLAG } = { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "until=24h")' };

const WARN_DANGLING = 'WARNING! This will remove all dangling build cache.';
const WARN_ALL = 'WARNING! This will remove all build cache.';

/** Prunes and words the result as docker's builder prune: the deleted objects (or ''), and the bytes. */
export async function runBuilderPrune(t: Transport, all: boolean, filters: Record<string, Record<string, boolean>>): Promise<{ output: string; reclaimed: number }> {
  const report = await t.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>({
    method: 'POST', path: '/build/prune', query: { all, filters: JSON.stringify(filters) },
  });
  const deleted = report.CachesDeleted ?? [];
  return { output: deleted.length > 0 ? `Deleted build cache objects:\n${deleted.map((d) => `${d}\n`).join('')}` : '', reclaimed: report.SpaceReclaimed };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const all = bool(p, 'all');
  if (!bool(p, 'force') && !(await confirm(ctx, all ? WARN_ALL : WARN_DANGLING))) return 0;
  const { output, reclaimed } = await runBuilderPrune(await ctx.transport(), all, filtersToJson(list(p, 'filter')));
  if (output) ctx.out(`${output}\n`);
  ctx.out(`Total reclaimed space: ${humanSize(reclaimed, 4)}\n`);
  return 0;
}

/** `wharf builder prune`. */
export const command: CommandSpec = {
  name: 'builder prune',
  use: 'builder prune [OPTIONS]',
  short: 'Remove build cache',
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Remove all unused build cache, not just dangling ones' },
    PRUNE_FILTER_FLAG,
    { long: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  args: { kind: 'none' },
  run,
};
