/**
 * `wharf pull NAME[:TAG|@DIGEST]`: `POST /images/create?fromImage=&tag=&platform=` with the
 * credentials of the image's registry, progress shown as docker's jsonmessage shows it (bars in
 * place on a terminal, one line per status otherwise), then the full reference on its own line —
 * also with `-q`, which only hides the progress (docker CLI 28's runPull). A name without tag pulls
 * `latest` and says so; `-a` pulls every tag and takes no tag.
 */
import { pullImage } from '../../client/api/images.js';
import { repositoryName, referenceString } from '../../reference/reference.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { displayProgress } from '../format/progress.js';
import { discard, resolveRemote } from './shared/remote-ref.js';
import { authForDomain } from './shared/registry-auth.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const quiet = bool(p, 'quiet');
  const all = bool(p, 'all-tags');
  const ref = resolveRemote(p.args[0] ?? '', all);
  if (ref.defaulted && !quiet) ctx.out(`Using default tag: ${ref.tag}\n`);
  const auth = await authForDomain(ctx, ref.domain);
  // docker's flag default is $DOCKER_DEFAULT_PLATFORM (its help then shows it; Wharf's help table is static).
  const platform = (p.changed.has('platform') ? str(p, 'platform') : ctx.env['DOCKER_DEFAULT_PLATFORM'] ?? '').toLowerCase();
  const res = await pullImage(await ctx.transport(), {
    fromImage: repositoryName(ref), tag: all ? undefined : (ref.digest ?? ref.tag), ...(platform ? { platform } : {}), auth,
  });
  const out = quiet ? discard() : ctx.io.stdout;
  await displayProgress(res, { out, isTerminal: !quiet && ctx.io.stdout.isTTY === true });
  ctx.out(`${referenceString(ref)}\n`);
  return 0;
}

/** `wharf pull`. */
export const command: CommandSpec = {
  name: 'pull',
  use: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
  short: 'Download an image from a registry',
  aliases: ['image pull'],
  flags: [
    { long: 'all-tags', short: 'a', type: 'bool', usage: 'Download all tagged images in the repository' },
    { long: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Suppress verbose output' },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};

