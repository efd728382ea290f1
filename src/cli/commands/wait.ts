/**
 * `wharf wait`: for each name in turn, `POST /containers/{name}/wait` (condition not-running) and
 * the exit code printed when it stops; failures are reported at the end, exit 1.
 */
import { waitContainer } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { ParsedFlags } from '../flags/types.js';
import { forEachContainer } from './shared/each-container.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const exitCode = async (name: string): Promise<string> => String((await (await waitContainer(t, name, 'not-running')).result).StatusCode);
  return forEachContainer(ctx, p.args, exitCode, { parallel: false });
}

/** `wharf wait`. */
export const command: CommandSpec = {
  name: 'wait',
  use: 'wait CONTAINER [CONTAINER...]',
  short: 'Block until one or more containers stop, then print their exit codes',
  aliases: ['container wait'],
  flags: [],
  args: { kind: 'min', n: 1 },
  run,
};
