/**
 * `wharf stop`: `POST /containers/{name}/stop?t=&signal=` for every name at once, as docker's
 * parallel operation; each stopped name is printed in argument order, failures at the end, exit 1.
 * `t` is sent only when given (the daemon then uses the container's StopTimeout or 10 s).
 */
import { stopContainer, type StopOptions } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { num, str, type ParsedFlags } from '../flags/types.js';
import type { FlagSpec } from '../flags/types.js';
import { forEachContainer } from './shared/each-container.js';

/** The flags of `stop` and `restart`. */
export const STOP_FLAGS: FlagSpec[] = [
  { long: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
  { long: 'time', type: 'int', usage: 'Seconds to wait before killing the container (deprecated: use --timeout)', hidden: true, deprecated: 'use --timeout instead' },
  { long: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
];

/** The stop options the flags ask for. */
export function stopOptions(p: ParsedFlags): StopOptions {
  const given = ['timeout', 'time'].find((f) => p.changed.has(f));
  return { signal: str(p, 'signal'), ...(given ? { timeout: num(p, given) } : {}) };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const o = stopOptions(p);
  return forEachContainer(ctx, p.args, (name) => stopContainer(t, name, o), { parallel: true });
}

/** `wharf stop`. */
export const command: CommandSpec = {
  name: 'stop',
  use: 'stop [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Stop one or more running containers',
  aliases: ['container stop'],
  flags: STOP_FLAGS,
  args: { kind: 'min', n: 1 },
  run,
};
