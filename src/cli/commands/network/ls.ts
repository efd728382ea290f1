/** `wharf network ls`: `GET /networks?filters=`, sorted by name as docker sorts it (natural order). */
import { listNetworks } from '../../../client/api/networks.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { renderFormat } from '../../format/formatter.js';
import { DEFAULT_NETWORK_TABLE, NETWORK_QUIET_FORMAT, NetworkContext, networkHeader } from '../../format/network-context.js';
import { bool, list, str, type ParsedFlags } from '../../flags/types.js';
import { FILTER_FLAG, FORMAT_FLAG_USAGE, filtersToJson } from '../shared/flags.js';
import { naturalLess } from '../shared/port-text.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const nets = await listNetworks(t, filtersToJson(list(p, 'filter')));
  nets.sort((a, b) => (naturalLess(a.Name, b.Name) ? -1 : naturalLess(b.Name, a.Name) ? 1 : 0));
  const user = str(p, 'format');
  const format = bool(p, 'quiet') && (user === '' || user === 'table') ? NETWORK_QUIET_FORMAT : user || 'table';
  const trunc = !bool(p, 'no-trunc');
  ctx.out(renderFormat({ format, defaultTable: DEFAULT_NETWORK_TABLE, header: networkHeader, rows: nets.map((n) => new NetworkContext(n, trunc)) }));
  return 0;
}

/** `wharf network ls`. */
export const command: CommandSpec = {
  name: 'network ls',
  use: 'network ls [OPTIONS]',
  short: 'List networks',
  aliases: ['network list'],
  flags: [
    { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "driver=bridge")' },
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'no-trunc', type: 'bool', usage: 'Do not truncate the output' },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Only display network IDs' },
  ],
  args: { kind: 'none' },
  run,
};
