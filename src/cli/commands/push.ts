/**
 * `wharf push NAME[:TAG]`: `POST /images/{name}/push?tag=` with the credentials of the image's
 * registry, progress shown as docker shows it. A name without tag pushes `latest` (and says so);
 * `-a` pushes every tag. `-q` prints only the reference once the push succeeded (docker CLI 28's
 * RunPush).
 */
import { pushImage } from '../../client/api/images.js';
import { referenceString, repositoryName } from '../../reference/reference.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, type ParsedFlags } from '../flags/types.js';
import { displayProgress } from '../format/progress.js';
import { discard, resolveRemote } from './shared/remote-ref.js';
import { authForDomain } from './shared/registry-auth.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const quiet = bool(p, 'quiet');
  const all = bool(p, 'all-tags');
  const ref = resolveRemote(p.args[0] ?? '', all);
  if (ref.defaulted && !quiet) ctx.out(`Using default tag: ${ref.tag}\n`);
  if (ref.digest) throw new StatusError(1, 'cannot push a digest reference');
  const auth = await authForDomain(ctx, ref.domain);
  const res = await pushImage(await ctx.transport(), { name: repositoryName(ref), tag: all ? undefined : ref.tag, auth });
  await displayProgress(res, { out: quiet ? discard() : ctx.io.stdout, isTerminal: !quiet && ctx.io.stdout.isTTY === true });
  if (quiet) ctx.out(`${referenceString(ref)}\n`);
  return 0;
}

/** `wharf push`. */
export const command: CommandSpec = {
  name: 'push',
  use: 'push [OPTIONS] NAME[:TAG]',
  short: 'Upload an image to a registry',
  aliases: ['image push'],
  flags: [
    { long: 'all-tags', short: 'a', type: 'bool', usage: 'Push all tags of an image to the repository' },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Suppress verbose output' },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
