/** `wharf rename CONTAINER NEW_NAME`: `POST /containers/{id}/rename?name=`, with docker's messages. */
import { renameContainer } from '../../client/api/container-ops.js';
import type { CommandSpec } from '../command.js';
import { StatusError, errorText } from '../errors.js';

/** `wharf rename`. */
export const command: CommandSpec = {
  name: 'rename',
  use: 'rename CONTAINER NEW_NAME',
  short: 'Rename a container',
  aliases: ['container rename'],
  flags: [],
  args: { kind: 'exact', n: 2 },
  run: async (ctx, p) => {
    const [oldName = '', newName = ''] = p.args.map((a) => a.trim());
    if (!oldName || !newName) throw new StatusError(1, 'Error: Neither old nor new names may be empty');
    const t = await ctx.transport();
    try {
      await renameContainer(t, oldName, newName);
    } catch (e) {
      ctx.err(`${errorText(e)}\n`);
      throw new StatusError(1, `Error: failed to rename container named ${oldName}`);
    }
    return 0;
  },
};
