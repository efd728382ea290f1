/**
 * `wharf system prune [-a] [--volumes] [-f] [--filter]`, client-side as docker's: one prompt listing
 * what goes, then each pruner in docker's order (containers, networks, volumes with `--volumes`,
 * images, build cache), each one's report, and the total.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { Transport } from '../../client/transport.js';
import { StatusError } from '../errors.js';
import { bool, list, type ParsedFlags } from '../flags/types.js';
import { humanSize } from '../../util/go-units.js';
import { FILTER_FLAG, filtersToJson } from './shared/flags.js';
import { naturalLess } from './shared/port-text.js';
import { confirm, runImagePrune } from './image-prune.js';
import { runContainerPrune } from './container-prune.js';
import { runVolumePrune } from './volume/prune.js';
import { runNetworkPrune } from './network/prune.js';
import { runBuilderPrune } from './builder-prune.js';

type FilterJson = Record<string, Record<string, boolean>>;

/** One kind of object that system prune removes. */
interface Pruner {
  /** The prompt's line for it, or undefined when it does not run with these options. */
  warning(all: boolean, volumes: boolean): string | undefined;
  run(t: Transport, all: boolean, filters: FilterJson): Promise<{ output: string; reclaimed: number }>;
}

const PRUNERS: Pruner[] = [
  { warning: () => 'all stopped containers', run: (t, _all, f) => runContainerPrune(t, f) },
  { warning: () => 'all networks not used by at least one container', run: (t, _all, f) => runNetworkPrune(t, f) },
  {
    warning: (_all, volumes) => (volumes ? 'all anonymous volumes not used by at least one container' : undefined),
    // docker's system prune never passes -a on to volumes: only anonymous ones go.
    run: (t, _all, f) => runVolumePrune(t, f),
  },
  {
    warning: (all) => (all ? 'all images without at least one container associated to them' : 'all dangling images'),
    run: (t, all, f) => runImagePrune(t, all, f),
  },
  { warning: (all) => (all ? 'all build cache' : 'unused build cache'), run: (t, all, f) => runBuilderPrune(t, all, f) },
];

/** docker's confirmation template: the warnings, then the label and until filters (natural order). */
function confirmation(warnings: string[], filters: FilterJson): string {
  const shown = ['label', 'label!', 'until'].flatMap((k) => Object.keys(filters[k] ?? {}).map((v) => `${k}=${v}`));
  shown.sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
  const filterText = shown.length > 0 ? `\n  Items to be pruned will be filtered with:${shown.map((f) => `\n  - ${f}`).join('')}\n` : '';
  return `WARNING! This will remove:${warnings.map((w) => `\n  - ${w}`).join('')}\n${filterText}`;
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const all = bool(p, 'all');
  const volumes = bool(p, 'volumes');
  const filters = filtersToJson(list(p, 'filter'));
  if (volumes && filters['until']) throw new StatusError(1, 'ERROR: The "until" filter is not supported with "--volumes"');
  const active = PRUNERS.filter((pr) => pr.warning(all, volumes) !== undefined);
  const warnings = active.map((pr) => pr.warning(all, volumes)!);
  if (!bool(p, 'force') && !(await confirm(ctx, confirmation(warnings, filters)))) return 0;
  const t = await ctx.transport();
  let total = 0;
  for (const pr of active) {
    const { output, reclaimed } = await pr.run(t, all, filters);
    total += reclaimed;
    if (output) ctx.out(`${output}\n`);
  }
  ctx.out(`Total reclaimed space: ${humanSize(total, 4)}\n`);
  return 0;
}

const { short: _short, ...PRUNE_FILTER_FLAG } = { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "label=<key>=<value>")' };

/** `wharf system prune`. */
export const command: CommandSpec = {
  name: 'system prune',
  use: 'system prune [OPTIONS]',
  short: 'Remove unused data',
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Remove all unused images not just dangling ones' },
    PRUNE_FILTER_FLAG,
    { long: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
    { long: 'volumes', type: 'bool', usage: 'Prune anonymous volumes' },
  ],
  args: { kind: 'none' },
  run,
};
