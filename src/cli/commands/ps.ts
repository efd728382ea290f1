/** `wharf ps`: `GET /containers/json?all=&limit=&size=&filters=`, printed like docker's table (format choice: format/ps-format.ts). */
import { listContainers } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { ContainerContext, DEFAULT_PS_TABLE, containerHeader } from '../format/container-context.js';
import { renderFormat } from '../format/formatter.js';
import { bool, list, num, str, type ParsedFlags } from '../flags/types.js';
import { choosePsFormat } from '../format/ps-format.js';
import { FILTER_FLAG, FORMAT_FLAG_USAGE, filtersToJson } from './shared/flags.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const flags = { format: str(p, 'format'), quiet: bool(p, 'quiet'), size: bool(p, 'size'), sizeChanged: p.changed.has('size') };
  const { format, size } = choosePsFormat(flags, (w) => ctx.err(w));
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
