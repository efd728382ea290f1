/**
 * `wharf attach`, as docker CLI 28's RunAttach: the wait is registered first, the container must be
 * running (checked before and again after the attach), stdin goes in unless `--no-stdin` or the
 * container does not keep it open, signals are forwarded without a TTY (`--sig-proxy`). The exit
 * code is the container's; the detach keys end it with docker's "read escape sequence", exit 1.
 */
import { attachContainer, inspectContainer, waitContainer, type PendingWait } from '../../client/api/containers.js';
import type { ContainerInspect } from '../../client/api/types.js';
import type { Transport } from '../../client/transport.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { streamAttached } from './run/attached.js';
import { proxySignals } from './run/signals.js';

/** docker's inspectContainerAndCheckState. */
async function runningContainer(t: Transport, name: string): Promise<ContainerInspect> {
  const c = await inspectContainer(t, name);
  if (!c.State?.Running) throw new StatusError(1, 'You cannot attach to a stopped container, start it first');
  if (c.State.Paused) throw new StatusError(1, 'You cannot attach to a paused container, unpause it first');
  if (c.State.Restarting) throw new StatusError(1, 'You cannot attach to a restarting container, wait until it is running');
  return c;
}

/** docker's getExitStatus: the container's code; a wait error is printed, exit 1. */
async function exitCode(pending: Promise<PendingWait>): Promise<number> {
  const r = await (await pending).result;
  if (r.Error?.Message) throw new StatusError(1, r.Error.Message);
  return r.StatusCode;
}

async function attach(ctx: CliContext, t: Transport, c: ContainerInspect, p: ParsedFlags, wait: Promise<PendingWait>): Promise<number> {
  const target = {
    id: c.Id, tty: c.Config?.Tty === true, detachKeys: str(p, 'detach-keys'),
    stdin: !bool(p, 'no-stdin') && c.Config?.OpenStdin === true,
  };
  const hijacked = await attachContainer(t, c.Id, { stdin: target.stdin, stdout: true, stderr: true, detachKeys: target.detachKeys });
  try {
    await runningContainer(t, c.Id);
  } catch (e) {
    hijacked.socket.destroy();
    throw e;
  }
  const end = await streamAttached(ctx, t, target, hijacked.socket);
  if (end === 'detached') throw new StatusError(1, 'read escape sequence');
  return exitCode(wait);
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const name = p.args[0]!;
  const wait = waitContainer(t, name, 'not-running');
  wait.catch(() => undefined);
  const c = await runningContainer(t, name);
  if (!bool(p, 'no-stdin') && c.Config?.Tty && !ctx.io.stdin.isTTY) throw new StatusError(1, 'the input device is not a TTY');
  const stopSignals = bool(p, 'sig-proxy') && !c.Config?.Tty ? proxySignals(t, c.Id) : () => undefined;
  try {
    return await attach(ctx, t, c, p, wait);
  } finally {
    stopSignals();
  }
}

/** `wharf attach`. */
export const command: CommandSpec = {
  name: 'attach',
  use: 'attach [OPTIONS] CONTAINER',
  short: 'Attach local standard input, output, and error streams to a running container',
  aliases: ['container attach'],
  flags: [
    { long: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
    { long: 'no-stdin', type: 'bool', usage: 'Do not attach STDIN' },
    { long: 'sig-proxy', type: 'bool', default: true, usage: 'Proxy all received signals to the process' },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
