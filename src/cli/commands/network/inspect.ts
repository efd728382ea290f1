/**
 * `wharf network inspect [-f FORMAT] [-v] NETWORK...`: `GET /networks/{id}` for each; the found ones
 * as a 4-space-indented JSON array (`[]` when none), or `--format` per network; then the daemon's
 * errors and exit 1.
 */
import { inspectNetwork } from '../../../client/api/networks.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { inspectOutput } from '../../format/inspect-output.js';
import { StatusError, errorText } from '../../errors.js';
import { bool, str, type ParsedFlags } from '../../flags/types.js';
import { FORMAT_FLAG_USAGE_NO_TABLE } from '../shared/flags.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const name of p.args) {
    try {
      found.push(await inspectNetwork(t, name, bool(p, 'verbose')));
    } catch (e) {
      errors.push(errorText(e));
    }
  }
  ctx.out(inspectOutput(found, str(p, 'format')));
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return 0;
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
