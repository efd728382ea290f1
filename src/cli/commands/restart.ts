/** `wharf restart`: `POST /containers/{name}/restart?t=&signal=`, one name after another, as docker does. */
import { restartContainer } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { ParsedFlags } from '../flags/types.js';
import { forEachContainer } from './shared/each-container.js';
import { STOP_FLAGS, stopOptions } from './stop.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const o = stopOptions(p);
  return forEachContainer(ctx, p.args, (name) => restartContainer(t, name, o), { parallel: false });
}

/** `wharf restart`. */
export const command: CommandSpec = {
  name: 'restart',
  use: 'restart [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Restart one or more containers',
  aliases: ['container restart'],
  flags: STOP_FLAGS,
  args: { kind: 'min', n: 1 },
  run,
};
