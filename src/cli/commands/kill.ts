/**
 * `wharf kill`: `POST /containers/{name}/kill?signal=` for every name at once; without `-s` no
 * signal is sent and the daemon uses SIGKILL, as with docker.
 */
import { killContainer } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { str, type ParsedFlags } from '../flags/types.js';
import { forEachContainer } from './shared/each-container.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const signal = str(p, 'signal') || undefined;
  return forEachContainer(ctx, p.args, (name) => killContainer(t, name, signal), { parallel: true });
}

/** `wharf kill`. */
export const command: CommandSpec = {
  name: 'kill',
  use: 'kill [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Kill one or more running containers',
  aliases: ['container kill'],
  flags: [{ long: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' }],
  args: { kind: 'min', n: 1 },
  run,
};
