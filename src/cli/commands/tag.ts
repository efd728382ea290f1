/** `wharf tag SOURCE TARGET`: `POST /images/{source}/tag?repo=&tag=` (201), names checked client-side as docker does. */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import type { ParsedFlags } from '../flags/types.js';
import { checkImageReference } from './shared/reference.js';

/** Splits `repo[:tag]` at the last colon after the last slash. */
export function splitRepoTag(ref: string): { repo: string; tag: string } {
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/') && !ref.includes('@')) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repo: ref, tag: '' };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [source = '', target = ''] = p.args;
  try {
    checkImageReference(target);
  } catch (e) {
    throw new StatusError(1, (e as Error).message);
  }
  const t = await ctx.transport();
  const { repo, tag } = splitRepoTag(target);
  await t.call({ method: 'POST', path: `/images/${source}/tag`, query: { repo, tag: tag || undefined } });
  return 0;
}

/** `wharf tag`. */
export const command: CommandSpec = {
  name: 'tag',
  use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  aliases: ['image tag'],
  flags: [],
  args: { kind: 'exact', n: 2 },
  run,
};
