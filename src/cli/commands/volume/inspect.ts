/**
 * `wharf volume inspect [-f FORMAT] VOLUME...`: `GET /volumes/{name}` for each; the found ones as a
 * 4-space-indented JSON array (or `--format` per volume), then the daemon's errors and exit 1.
 */
import { inspectVolume } from '../../../client/api/volumes.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { inspectEach } from '../shared/inspect-each.js';
import { str, type ParsedFlags } from '../../flags/types.js';
import { FORMAT_FLAG_USAGE_NO_TABLE } from '../shared/flags.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  return inspectEach(ctx, p.args, (name) => inspectVolume(t, name), str(p, 'format'));
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
