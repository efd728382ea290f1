/** `wharf network disconnect [-f] NETWORK CONTAINER`: `POST /networks/{id}/disconnect`; the daemon's error is printed as docker prints it. */
import { networkEndpoint } from '../../../client/api/networks.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { bool, type ParsedFlags } from '../../flags/types.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [network, container] = p.args as [string, string];
  await networkEndpoint(await ctx.transport(), 'disconnect', network, { Container: container, Force: bool(p, 'force') });
  return 0;
}

/** `wharf network disconnect`. */
export const command: CommandSpec = {
  name: 'network disconnect',
  use: 'network disconnect [OPTIONS] NETWORK CONTAINER',
  short: 'Disconnect a container from a network',
  flags: [{ long: 'force', short: 'f', type: 'bool', usage: 'Force the container to disconnect from a network' }],
  args: { kind: 'exact', n: 2 },
  run,
};
