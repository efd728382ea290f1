/** `wharf ps`: `GET /containers/json?all=&limit=&size=&filters=`, printed like docker's table. */
import { listContainers } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { ContainerContext, DEFAULT_PS_TABLE, containerHeader } from '../format/container-context.js';
import { renderFormat } from '../format/formatter.js';
import { bool, list, num, str, type ParsedFlags } from '../flags/types.js';
import { FILTER_FLAG, FORMAT_FLAG_USAGE, filtersToJson } from './shared/flags.js';

/** Whether a format needs sizes (docker turns `--size` on when the template reads `.Size`). */
export function formatUsesSize(format: string): boolean {
  return /\.Size\b/.test(format) || /\{\{-?\s*json\s+\.\s*-?\}\}/.test(format);
}

function chooseFormat(p: ParsedFlags): { format: string; size: boolean } {
  const user = str(p, 'format');
  const quiet = bool(p, 'quiet');
  let size = bool(p, 'size');
  if (user && !quiet && !p.changed.has('size') && formatUsesSize(user)) size = true;
  if (quiet && (user === '' || user === 'table')) return { format: '{{.ID}}', size: false };
  if (user === '' || user === 'table') {
    return { format: size ? `${DEFAULT_PS_TABLE}\t{{.Size}}` : DEFAULT_PS_TABLE, size };
  }
  return { format: user, size };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const { format, size } = chooseFormat(p);
  const last = bool(p, 'latest') && num(p, 'last') === -1 ? 1 : num(p, 'last');
  const t = await ctx.transport();
  const containers = await listContainers(t, { all: bool(p, 'all'), limit: last, size, filters: filtersToJson(list(p, 'filter')) });
  const trunc = !bool(p, 'no-trunc');
  const now = Date.now();
  const rows = containers.map((c) => new ContainerContext(c, trunc, now));
  ctx.out(renderFormat({ format, defaultTable: DEFAULT_PS_TABLE, header: containerHeader, rows }));
  return 0;
}

/** `wharf ps`. */
export const command: CommandSpec = {
  name: 'ps',
  use: 'ps [OPTIONS]',
  short: 'List containers',
  aliases: ['container ls', 'container list', 'container ps'],
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Show all containers (default shows just running)' },
    FILTER_FLAG,
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'last', short: 'n', type: 'int', default: -1, usage: 'Show n last created containers (includes all states)' },
    { long: 'latest', short: 'l', type: 'bool', usage: 'Show the latest created container (includes all states)' },
    { long: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Only display container IDs' },
    { long: 'size', short: 's', type: 'bool', usage: 'Display total file sizes' },
  ],
  args: { kind: 'none' },
  run,
};
