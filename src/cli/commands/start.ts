/**
 * `wharf start`, as docker CLI 28's: without `-a`/`-i`, each name is started in turn (a failure is
 * printed at once and named again at the end, exit 1). With them, one container only: inspect →
 * attach (stdin when `-i` and the container keeps it open) → wait (acknowledged before the start,
 * so the exit cannot be missed) → start → stream; the exit code is the container's, 0 on detach.
 * Without a TTY, signals the CLI receives are forwarded to the container.
 */
import { attachContainer, inspectContainer, startContainer, waitContainer } from '../../client/api/containers.js';
import type { ContainerInspect } from '../../client/api/types.js';
import type { Transport } from '../../client/transport.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError, errorText } from '../errors.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { exitStatus } from './run.js';
import { streamAttached } from './run/attached.js';
import { proxySignals } from './run/signals.js';

const CHECKPOINT_FLAGS = ['checkpoint', 'checkpoint-dir'];

async function startEach(ctx: CliContext, t: Transport, names: readonly string[]): Promise<number> {
  const failed: string[] = [];
  for (const name of names) {
    try {
      await startContainer(t, name);
      ctx.out(`${name}\n`);
    } catch (e) {
      ctx.err(`${errorText(e)}\n`);
      failed.push(name);
    }
  }
  if (failed.length > 0) throw new StatusError(1, `Error: failed to start containers: ${failed.join(', ')}`);
  return 0;
}

async function startAttached(ctx: CliContext, t: Transport, c: ContainerInspect, p: ParsedFlags): Promise<number> {
  const target = {
    id: c.Id, tty: c.Config?.Tty === true, detachKeys: str(p, 'detach-keys'),
    stdin: bool(p, 'interactive') && c.Config?.OpenStdin === true,
  };
  const hijacked = await attachContainer(t, c.Id, { stdin: target.stdin, stdout: true, stderr: true, detachKeys: target.detachKeys });
  const autoRemove = c.HostConfig?.AutoRemove === true;
  const wait = await waitContainer(t, c.Id, autoRemove ? 'removed' : 'next-exit');
  try {
    await startContainer(t, c.Id);
  } catch (e) {
    hijacked.socket.destroy();
    if (autoRemove) await wait.result.catch(() => undefined);
    throw e;
  }
  const end = await streamAttached(ctx, t, target, hijacked.socket);
  return end === 'detached' ? 0 : exitStatus(ctx, wait);
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const checkpoint = CHECKPOINT_FLAGS.find((f) => p.changed.has(f));
  if (checkpoint) throw new StatusError(1, `"--${checkpoint}" is only supported on a Docker daemon with experimental features enabled`);
  const t = await ctx.transport();
  if (!bool(p, 'attach') && !bool(p, 'interactive')) return startEach(ctx, t, p.args);
  if (p.args.length > 1) throw new StatusError(1, 'you cannot start and attach multiple containers at once');
  const c = await inspectContainer(t, p.args[0]!);
  const stopSignals = c.Config?.Tty ? () => undefined : proxySignals(t, c.Id);
  try {
    return await startAttached(ctx, t, c, p);
  } finally {
    stopSignals();
  }
}

/** `wharf start`. */
export const command: CommandSpec = {
  name: 'start',
  use: 'start [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Start one or more stopped containers',
  aliases: ['container start'],
  flags: [
    { long: 'attach', short: 'a', type: 'bool', usage: 'Attach STDOUT/STDERR and forward signals' },
    // Checkpoints need an experimental daemon: docker hides the flags then and refuses them.
    { long: 'checkpoint', type: 'string', usage: 'Restore from this checkpoint', hidden: true },
    { long: 'checkpoint-dir', type: 'string', usage: 'Use a custom checkpoint storage directory', hidden: true },
    { long: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
    { long: 'interactive', short: 'i', type: 'bool', usage: "Attach container's STDIN" },
  ],
  args: { kind: 'min', n: 1 },
  run,
};
