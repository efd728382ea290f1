/**
 * `wharf rm`: `DELETE /containers/{name}?force=&v=&link=` for each name (concurrently), printing each
 * removed name in order. Errors are printed after, one per line; exit 1 if any failed — except that
 * with `--force` a missing container is reported but does not fail, as in docker 28.
 */
import { removeContainer } from '../../client/api/containers.js';
import { ApiError } from '../../client/errors.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError, errorText } from '../errors.js';
import { bool, type ParsedFlags } from '../flags/types.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const force = bool(p, 'force');
  const opts = { force, volumes: bool(p, 'volumes'), link: bool(p, 'link') };
  const results = await Promise.allSettled(p.args.map((name) => removeContainer(t, name.replace(/^\//, ''), opts)));
  const errors: string[] = [];
  let failed = false;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') {
      ctx.out(`${p.args[i]}\n`);
      return;
    }
    errors.push(errorText(r.reason));
    if (!(force && r.reason instanceof ApiError && r.reason.notFound)) failed = true;
  });
  if (errors.length > 0 && !failed) ctx.err(`${errors.join('\n')}\n`);
  if (failed) throw new StatusError(1, errors.join('\n'));
  return 0;
}

/** `wharf rm`. */
export const command: CommandSpec = {
  name: 'rm',
  use: 'rm [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Remove one or more containers',
  aliases: ['container rm', 'container remove'],
  flags: [
    { long: 'force', short: 'f', type: 'bool', usage: 'Force the removal of a running container (uses SIGKILL)' },
    { long: 'link', short: 'l', type: 'bool', usage: 'Remove the specified link' },
    { long: 'volumes', short: 'v', type: 'bool', usage: 'Remove anonymous volumes associated with the container' },
  ],
  args: { kind: 'min', n: 1 },
  run,
};
