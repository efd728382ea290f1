/**
 * `wharf import`: streams a tarball (file, `-` for stdin, or a URL the daemon fetches) to
 * `POST /images/create?fromSrc=&repo=&message=&changes=` and prints the daemon's progress, whose
 * last line is the new image ID (`sha256:…`), as docker does.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { importImage } from '../../client/api/images.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { list, str, type ParsedFlags } from '../flags/types.js';
import { displayProgress } from '../format/progress.js';
import { checkImageReference } from './shared/reference.js';

async function openSource(ctx: CliContext, src: string): Promise<{ fromSrc: string; body?: Readable }> {
  if (src === '-') return { fromSrc: '-', body: ctx.io.stdin };
  if (/^(https?):\/\//.test(src)) return { fromSrc: src };
  try {
    const fh = await open(src, 'r');
    await fh.close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code);
    throw new StatusError(1, `open ${src}: ${reason}`);
  }
  return { fromSrc: '-', body: createReadStream(src) };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [src = '', ref = ''] = p.args;
  if (ref !== '') {
    try {
      checkImageReference(ref);
    } catch (e) {
      throw new StatusError(1, (e as Error).message);
    }
  }
  const source = await openSource(ctx, src);
  const t = await ctx.transport();
  const res = await importImage(t, {
    fromSrc: source.fromSrc, ...(source.body ? { source: source.body } : {}), repo: ref,
    message: str(p, 'message'), changes: list(p, 'change'), platform: str(p, 'platform').toLowerCase(),
  });
  await displayProgress(res, { out: ctx.io.stdout, isTerminal: ctx.io.stdout.isTTY === true });
  return 0;
}

/** `wharf import`. */
export const command: CommandSpec = {
  name: 'import',
  use: 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  short: 'Import the contents from a tarball to create a filesystem image',
  aliases: ['image import'],
  flags: [
    { long: 'change', short: 'c', type: 'stringArray', valueName: 'list', usage: 'Apply Dockerfile instruction to the created image' },
    { long: 'message', short: 'm', type: 'string', usage: 'Set commit message for imported image' },
    { long: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
  ],
  args: { kind: 'min', n: 1 },
  run,
};
