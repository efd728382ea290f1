/** `wharf pause` and `wharf unpause`: `POST /containers/{id}/pause|unpause` for each container. */
import { pauseContainer, unpauseContainer } from '../../client/api/container-ops.js';
import type { CommandSpec } from '../command.js';
import { forEachContainer } from './shared/each-container.js';

function spec(name: 'pause' | 'unpause', short: string, op: typeof pauseContainer): CommandSpec {
  return {
    name,
    use: `${name} CONTAINER [CONTAINER...]`,
    short,
    aliases: [`container ${name}`],
    flags: [],
    args: { kind: 'min', n: 1 },
    run: async (ctx, p) => {
      const t = await ctx.transport();
      await forEachContainer(ctx, p.args, (c) => op(t, c), { parallel: true });
      return 0;
    },
  };
}

/** `wharf pause`. */
export const command = spec('pause', 'Pause all processes within one or more containers', pauseContainer);

/** `wharf unpause`. */
export const unpauseCommand = spec('unpause', 'Unpause all processes within one or more containers', unpauseContainer);
