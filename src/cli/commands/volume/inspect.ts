/**
 * `wharf volume inspect [-f FORMAT] VOLUME...`: `GET /volumes/{name}` for each; the found ones as a
 * 4-space-indented JSON array (or `--format` per volume), then the daemon's errors and exit 1.
 */
import { inspectVolume } from '../../../client/api/volumes.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { inspectOutput } from '../../format/inspect-output.js';
import { StatusError, errorText } from '../../errors.js';
import { str, type ParsedFlags } from '../../flags/types.js';
import { FORMAT_FLAG_USAGE_NO_TABLE } from '../shared/flags.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const name of p.args) {
    try {
      found.push(await inspectVolume(t, name));
    } catch (e) {
      errors.push(errorText(e));
    }
  }
  ctx.out(inspectOutput(found, str(p, 'format')));
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return 0;
}

/** `wharf volume inspect`. */
export const command: CommandSpec = {
  name: 'volume inspect',
  use: 'volume inspect [OPTIONS] VOLUME [VOLUME...]',
  short: 'Display detailed information on one or more volumes',
  flags: [{ long: 'format', short: 'f', type: 'string', usage: FORMAT_FLAG_USAGE_NO_TABLE }],
  args: { kind: 'min', n: 1 },
  run,
};
