/**
 * `wharf registry …`: delegated, unparsed, to the registry server's own command line
 * (`registryCommand` of src/distribution/server/main.ts), loaded only when used.
 */
import type { CommandSpec } from '../command.js';

/** Runs `wharf registry <argv>`. */
export async function runRegistry(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const { registryCommand } = await import('../../distribution/server/main.js');
  return registryCommand(argv, io);
}

/** Table entry for help listings; the command itself is dispatched raw. */
export const command: CommandSpec = {
  name: 'registry',
  use: 'registry COMMAND',
  short: 'Run and manage an OCI distribution registry',
  flags: [],
  args: { kind: 'min', n: 0 },
  run: async (ctx, p) => runRegistry(p.args, ctx.io),
};
