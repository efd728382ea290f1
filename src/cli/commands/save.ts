/** `wharf save`: `GET /images/get?names=…` to a file (`-o`) or stdout, refusing a terminal as docker does. */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { str, type ParsedFlags } from '../flags/types.js';

/** The destination of a tar stream: `-o FILE` or stdout unless it is a terminal. */
export function tarDestination(ctx: CliContext, output: string): Writable {
  if (output !== '') return createWriteStream(output);
  if (ctx.io.stdout.isTTY) throw new StatusError(1, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
  return ctx.io.stdout as Writable;
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const out = tarDestination(ctx, str(p, 'output'));
  const t = await ctx.transport();
  const res = await t.request({ method: 'GET', path: '/images/get', query: { names: p.args } });
  await pipeline(res, out, { end: out !== ctx.io.stdout });
  return 0;
}

/** `wharf save`. */
export const command: CommandSpec = {
  name: 'save',
  use: 'save [OPTIONS] IMAGE [IMAGE...]',
  short: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  aliases: ['image save'],
  flags: [
    { long: 'output', short: 'o', type: 'string', usage: 'Write to a file, instead of STDOUT' },
  ],
  args: { kind: 'min', n: 1 },
  run,
};
