/** `wharf volume create [OPTIONS] [VOLUME]`: `POST /volumes/create`, printing the volume's name. */
import { createVolume } from '../../../client/api/volumes.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { StatusError } from '../../errors.js';
import { list, str, type ParsedFlags } from '../../flags/types.js';
import { checkLabel } from '../run/host-options.js';
import { parseLabels } from '../run/config.js';

/** docker's MapOpts: `k=v`, or `k` alone for an empty value; a later key wins. */
function parseOpts(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    out[i < 0 ? v : v.slice(0, i)] = i < 0 ? '' : v.slice(i + 1);
  }
  return out;
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const positional = p.args[0] ?? '';
  const flagName = str(p, 'name');
  if (positional && flagName && positional !== flagName) {
    throw new StatusError(1, 'conflicting options: cannot specify a volume-name through both --name and as a positional arg');
  }
  const t = await ctx.transport();
  const v = await createVolume(t, {
    Name: positional || flagName, Driver: str(p, 'driver'), DriverOpts: parseOpts(list(p, 'opt')), Labels: parseLabels(list(p, 'label')),
  });
  ctx.out(`${v.Name}\n`);
  return 0;
}

/** `wharf volume create`. */
export const command: CommandSpec = {
  name: 'volume create',
  use: 'volume create [OPTIONS] [VOLUME]',
  short: 'Create a volume',
  flags: [
    { long: 'driver', short: 'd', type: 'string', default: 'local', usage: 'Specify volume driver name' },
    { long: 'label', type: 'stringArray', valueName: 'list', usage: 'Set metadata for a volume', check: checkLabel },
    { long: 'name', type: 'string', usage: 'Specify volume name', hidden: true },
    { long: 'opt', short: 'o', type: 'stringArray', valueName: 'map', helpDefault: 'map[]', usage: 'Set driver specific options' },
  ],
  args: { kind: 'max', n: 1 },
  run,
};
