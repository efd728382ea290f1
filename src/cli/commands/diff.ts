/** `wharf diff`: `GET /containers/{id}/changes`, one `A|C|D path` line per change. */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { ParsedFlags } from '../flags/types.js';

const KINDS = ['C', 'A', 'D'];

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const changes = await t.json<Array<{ Path: string; Kind: number }> | null>({ method: 'GET', path: `/containers/${p.args[0] ?? ''}/changes` });
  for (const c of changes ?? []) ctx.out(`${KINDS[c.Kind] ?? '?'} ${c.Path}\n`);
  return 0;
}

/** `wharf diff`. */
export const command: CommandSpec = {
  name: 'diff',
  use: 'diff CONTAINER',
  short: "Inspect changes to files or directories on a container's filesystem",
  aliases: ['container diff'],
  flags: [],
  args: { kind: 'exact', n: 1 },
  run,
};
