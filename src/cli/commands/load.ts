/** `wharf load`: streams an archive (`-i FILE` or stdin) to `POST /images/load?quiet=` and prints the daemon's messages. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { displayProgress } from '../format/progress.js';

async function source(ctx: CliContext, input: string): Promise<Readable> {
  if (input === '') {
    if ((ctx.io.stdin as { isTTY?: boolean }).isTTY) throw new StatusError(1, 'requested load from stdin, but stdin is empty');
    return ctx.io.stdin;
  }
  try {
    await (await open(input, 'r')).close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StatusError(1, `open ${input}: ${code === 'ENOENT' ? 'no such file or directory' : String(code)}`);
  }
  return createReadStream(input);
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const body = await source(ctx, str(p, 'input'));
  const t = await ctx.transport();
  const quiet = bool(p, 'quiet') || ctx.io.stdout.isTTY !== true;
  const res = await t.request({ method: 'POST', path: '/images/load', query: { quiet: quiet ? '1' : '0' }, body, headers: { 'Content-Type': 'application/x-tar' } });
  await displayProgress(res, { out: ctx.io.stdout, isTerminal: ctx.io.stdout.isTTY === true });
  return 0;
}

/** `wharf load`. */
export const command: CommandSpec = {
  name: 'load',
  use: 'load [OPTIONS]',
  short: 'Load an image from a tar archive or STDIN',
  aliases: ['image load'],
  flags: [
    { long: 'input', short: 'i', type: 'string', usage: 'Read from tar archive file, instead of STDIN' },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Suppress the load output' },
  ],
  args: { kind: 'none' },
  run,
};
