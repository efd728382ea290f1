/**
 * `wharf volume rm [-f] VOLUME...`: `DELETE /volumes/{name}?force=` for each, in order, printing each
 * removed name; the errors follow on stderr, one per line, and the exit is 1 if any failed (docker 28).
 */
import { removeVolume } from '../../../client/api/volumes.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { StatusError, errorText } from '../../errors.js';
import { bool, type ParsedFlags } from '../../flags/types.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const errors: string[] = [];
  for (const name of p.args) {
    try {
      await removeVolume(t, name, bool(p, 'force'));
      ctx.out(`${name}\n`);
    } catch (e) {
      errors.push(errorText(e));
    }
  }
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return 0;
}

/** `wharf volume rm`. */
export const command: CommandSpec = {
  name: 'volume rm',
  use: 'volume rm [OPTIONS] VOLUME [VOLUME...]',
  short: 'Remove one or more volumes',
  long: 'Remove one or more volumes. You cannot remove a volume that is in use by a container.',
  aliases: ['volume remove'],
  flags: [{ long: 'force', short: 'f', type: 'bool', usage: 'Force the removal of one or more volumes' }],
  args: { kind: 'min', n: 1 },
  run,
};
