/** `wharf export`: `GET /containers/{id}/export` to a file (`-o`) or stdout (never a terminal). */
import { pipeline } from 'node:stream/promises';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { str, type ParsedFlags } from '../flags/types.js';
import { tarDestination } from './save.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const out = tarDestination(ctx, str(p, 'output'));
  const t = await ctx.transport();
  const res = await t.request({ method: 'GET', path: `/containers/${p.args[0] ?? ''}/export` });
  await pipeline(res, out, { end: out !== ctx.io.stdout });
  return 0;
}

/** `wharf export`. */
export const command: CommandSpec = {
  name: 'export',
  use: 'export [OPTIONS] CONTAINER',
  short: "Export a container's filesystem as a tar archive",
  aliases: ['container export'],
  flags: [{ long: 'output', short: 'o', type: 'string', usage: 'Write to a file, instead of STDOUT' }],
  args: { kind: 'exact', n: 1 },
  run,
};
