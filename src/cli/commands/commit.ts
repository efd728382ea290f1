/** `wharf commit`: `POST /commit?container=&repo=&tag=&comment=&author=&pause=&changes=`; prints the new image ID. */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, list, str, type ParsedFlags } from '../flags/types.js';
import { checkImageReference } from './shared/reference.js';
import { splitRepoTag } from './tag.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [container = '', ref = ''] = p.args;
  if (ref !== '') {
    try {
      checkImageReference(ref);
    } catch (e) {
      throw new StatusError(1, (e as Error).message);
    }
  }
  const { repo, tag } = splitRepoTag(ref);
  const t = await ctx.transport();
  const pause = bool(p, 'pause');
  const res = await t.json<{ Id: string }>({
    method: 'POST', path: '/commit', json: null,
    query: {
      container, repo: repo || undefined, tag: tag || undefined, comment: str(p, 'message') || undefined,
      author: str(p, 'author') || undefined, pause: pause ? '1' : '0', changes: list(p, 'change').length > 0 ? list(p, 'change') : undefined,
    },
  });
  ctx.out(`${res.Id}\n`);
  return 0;
}

/** `wharf commit`. */
export const command: CommandSpec = {
  name: 'commit',
  use: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  short: "Create a new image from a container's changes",
  aliases: ['container commit'],
  flags: [
    { long: 'author', short: 'a', type: 'string', usage: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { long: 'change', short: 'c', type: 'stringArray', valueName: 'list', usage: 'Apply Dockerfile instruction to the created image' },
    { long: 'message', short: 'm', type: 'string', usage: 'Commit message' },
    { long: 'pause', short: 'p', type: 'bool', default: true, usage: 'Pause container during commit' },
  ],
  args: { kind: 'range', min: 1, max: 2 },
  run,
};
