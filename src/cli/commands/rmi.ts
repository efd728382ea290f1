/**
 * `wharf rmi`: `DELETE /images/{name}?force=&noprune=` for each image in turn, printing docker's
 * `Untagged: …` / `Deleted: …` lines; errors go to stderr after, exit 1 if any failed.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError, errorText } from '../errors.js';
import { bool, type ParsedFlags } from '../flags/types.js';

interface DeleteItem { Untagged?: string; Deleted?: string }

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const errors: string[] = [];
  for (const name of p.args) {
    try {
      const items = await t.json<DeleteItem[]>({ method: 'DELETE', path: `/images/${name}`, query: { force: bool(p, 'force') || undefined, noprune: bool(p, 'no-prune') || undefined } });
      for (const i of items ?? []) ctx.out(i.Deleted ? `Deleted: ${i.Deleted}\n` : `Untagged: ${i.Untagged ?? ''}\n`);
    } catch (e) {
      errors.push(errorText(e));
    }
  }
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return 0;
}

/** `wharf rmi`. */
export const command: CommandSpec = {
  name: 'rmi',
  use: 'rmi [OPTIONS] IMAGE [IMAGE...]',
  short: 'Remove one or more images',
  aliases: ['image rm', 'image remove'],
  flags: [
    { long: 'force', short: 'f', type: 'bool', usage: 'Force removal of the image' },
    { long: 'no-prune', type: 'bool', usage: 'Do not delete untagged parents' },
  ],
  args: { kind: 'min', n: 1 },
  run,
};
