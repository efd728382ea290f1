/**
 * `wharf network rm [-f] NETWORK...`: `DELETE /networks/{id}` for each, in order, printing each name
 * removed; with `-f` a missing network is no error. The errors follow on stderr, then docker 28's
 * "exit status 1" line, and the exit is 1.
 */
import { removeNetwork } from '../../../client/api/networks.js';
import { ApiError } from '../../../client/errors.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { StatusError, errorText } from '../../errors.js';
import { bool, type ParsedFlags } from '../../flags/types.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const errors: string[] = [];
  for (const name of p.args) {
    try {
      await removeNetwork(t, name);
      ctx.out(`${name}\n`);
    } catch (e) {
      if (bool(p, 'force') && e instanceof ApiError && e.notFound) continue;
      errors.push(errorText(e));
    }
  }
  if (errors.length > 0) throw new StatusError(1, `${errors.join('\n')}\nexit status 1`);
  return 0;
}

/** `wharf network rm`. */
export const command: CommandSpec = {
  name: 'network rm',
  use: 'network rm NETWORK [NETWORK...]',
  short: 'Remove one or more networks',
  aliases: ['network remove'],
  flags: [{ long: 'force', short: 'f', type: 'bool', usage: 'Do not error if the network does not exist' }],
  args: { kind: 'min', n: 1 },
  run,
};
