/**
 * `wharf update [OPTIONS] CONTAINER...`: `POST /containers/{id}/update` for each container with the
 * same UpdateConfig. Names print as each succeeds, then the daemon's warnings (on stdout, as
 * docker prints them), then the errors.
 */
import { updateContainer } from '../../client/api/container-ops.js';
import type { CommandSpec } from '../command.js';
import { StatusError } from '../errors.js';
import { str, type ParsedFlags } from '../flags/types.js';
import { num } from '../flags/types.js';
import { forEachContainer } from './shared/each-container.js';
import { UPDATE_RESOURCE_FLAGS, parseRestartPolicy, resourcesFromFlags } from './shared/resource-flags.js';

function updateConfig(p: ParsedFlags) {
  let restart: ReturnType<typeof parseRestartPolicy>;
  try {
    restart = parseRestartPolicy(str(p, 'restart'));
  } catch (e) {
    throw new StatusError(1, (e as Error).message);
  }
  return {
    ...resourcesFromFlags(p),
    ...(p.changed.has('pids-limit') ? { PidsLimit: num(p, 'pids-limit') } : {}),
    RestartPolicy: restart,
  };
}

async function run(ctx: Parameters<CommandSpec['run']>[0], p: ParsedFlags): Promise<number> {
  if (p.changed.size === 0) throw new StatusError(1, 'you must provide one or more flags when using this command');
  const body = updateConfig(p);
  const t = await ctx.transport();
  const warnings: string[] = [];
  try {
    await forEachContainer(ctx, p.args, async (c) => {
      warnings.push(...((await updateContainer(t, c, body)).Warnings ?? []));
    }, { parallel: true });
  } finally {
    if (warnings.length > 0) ctx.out(`${warnings.join('\n')}\n`);
  }
  return 0;
}

/** `wharf update`. */
export const command: CommandSpec = {
  name: 'update',
  use: 'update [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Update configuration of one or more containers',
  aliases: ['container update'],
  flags: [...UPDATE_RESOURCE_FLAGS, { long: 'restart', type: 'string', usage: 'Restart policy to apply when a container exits' }],
  args: { kind: 'min', n: 1 },
  run,
};
