/**
 * `wharf create`: run's flags (the same table, less the ones about the attached session) and run's
 * create step — body, pull when missing, warnings — then the new ID printed. Flag errors exit 125
 * with the `create --help` hint; a bad image name or a daemon error is printed plainly, exit 1,
 * as docker's runCreate does.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import type { FlagSpec, ParsedFlags } from '../flags/types.js';
import { create, createBody, runFailure } from './run.js';
import { RUN_FLAGS } from './run/flags.js';
import { checkImageReference } from './shared/reference.js';

/** Flags only `run` has: they concern the session it attaches. */
const RUN_ONLY = new Set(['detach', 'detach-keys', 'sig-proxy']);

/** docker's create words `--pull` differently (the `|` is docker's). */
const CREATE_USAGE: Record<string, string> = { pull: 'Pull image before creating ("always", "|missing", "never")' };

/** run's table, read when the command is loaded, so flags added to run reach create. */
export const CREATE_FLAGS: FlagSpec[] = RUN_FLAGS.filter((f) => !RUN_ONLY.has(f.long))
  .map((f) => (CREATE_USAGE[f.long] ? { ...f, usage: CREATE_USAGE[f.long]! } : f));

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  let body;
  try {
    body = createBody(ctx, p);
  } catch (e) {
    throw runFailure(ctx, e, 125, 'create');
  }
  try {
    checkImageReference(body.Image);
  } catch (e) {
    throw new StatusError(1, (e as Error).message);
  }
  const id = await create(ctx, await ctx.transport(), body, p);
  ctx.out(`${id}\n`);
  return 0;
}

/** `wharf create`. */
export const command: CommandSpec = {
  name: 'create',
  use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create a new container',
  aliases: ['container create'],
  flags: CREATE_FLAGS,
  interspersed: false,
  args: { kind: 'min', n: 1 },
  run,
};
