/** `wharf volume ls`: `GET /volumes?filters=`, sorted by name as docker sorts it (natural order). */
import { listVolumes } from '../../../client/api/volumes.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { renderFormat } from '../../format/formatter.js';
import { DEFAULT_VOLUME_TABLE, VOLUME_QUIET_FORMAT, VolumeContext, volumeHeader } from '../../format/volume-context.js';
import { bool, list, str, type ParsedFlags } from '../../flags/types.js';
import { FILTER_FLAG, FORMAT_FLAG_USAGE, filtersToJson } from '../shared/flags.js';
import { naturalLess } from '../shared/port-text.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const volumes = await listVolumes(t, filtersToJson(list(p, 'filter')));
  volumes.sort((a, b) => (naturalLess(a.Name, b.Name) ? -1 : naturalLess(b.Name, a.Name) ? 1 : 0));
  const user = str(p, 'format');
  const format = bool(p, 'quiet') && (user === '' || user === 'table') ? VOLUME_QUIET_FORMAT : user || 'table';
  ctx.out(renderFormat({ format, defaultTable: DEFAULT_VOLUME_TABLE, header: volumeHeader, rows: volumes.map((v) => new VolumeContext(v)) }));
  return 0;
}

/** `wharf volume ls`. */
export const command: CommandSpec = {
  name: 'volume ls',
  use: 'volume ls [OPTIONS]',
  short: 'List volumes',
  aliases: ['volume list'],
  flags: [
    { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "dangling=true")' },
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Only display volume names' },
  ],
  args: { kind: 'none' },
  run,
};
