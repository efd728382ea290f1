/**
 * `wharf network inspect [-f FORMAT] [-v] NETWORK...`: `GET /networks/{id}` for each; the found ones
 * as a 4-space-indented JSON array (`[]` when none), or `--format` per network; then the daemon's
 * errors and exit 1.
 */
import { inspectNetwork } from '../../../client/api/networks.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { inspectEach } from '../shared/inspect-each.js';
import { bool, str, type ParsedFlags } from '../../flags/types.js';
import { FORMAT_FLAG_USAGE_NO_TABLE } from '../shared/flags.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  return inspectEach(ctx, p.args, (name) => inspectNetwork(t, name, bool(p, 'verbose')), str(p, 'format'));
}

/** `wharf network inspect`. */
export const command: CommandSpec = {
  name: 'network inspect',
  use: 'network inspect [OPTIONS] NETWORK [NETWORK...]',
  short: 'Display detailed information on one or more networks',
  flags: [
    { long: 'format', short: 'f', type: 'string', usage: FORMAT_FLAG_USAGE_NO_TABLE },
    { long: 'verbose', short: 'v', type: 'bool', usage: 'Verbose output for diagnostics' },
  ],
  args: { kind: 'min', n: 1 },
  run,
};
