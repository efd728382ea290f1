/** `wharf top`: `GET /containers/{id}/top?ps_args=…`, printed as docker does (columns at least 20 wide). */
import { containerTop } from '../../client/api/stats.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { ParsedFlags } from '../flags/types.js';
import { tabwrite } from '../format/tabwriter.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [container = '', ...psArgs] = p.args;
  const t = await ctx.transport();
  const r = await containerTop(t, container, psArgs);
  const lines = [r.Titles, ...(r.Processes ?? [])].map((cells) => `${cells.join('\t')}\n`).join('');
  ctx.out(tabwrite(lines, { minWidth: 20, padding: 3 }));
  return 0;
}

/** `wharf top`. */
export const command: CommandSpec = {
  name: 'top',
  use: 'top CONTAINER [ps OPTIONS]',
  short: 'Display the running processes of a container',
  aliases: ['container top'],
  flags: [],
  interspersed: false,
  args: { kind: 'min', n: 1 },
  run,
};
