/**
 * `wharf exec`, in docker CLI 28's order: inspect the container (its "No such container" comes
 * first), refuse `-it` without a terminal, create the exec, then either start it detached or
 * hijack its start and stream (run's streamer: raw terminal and detach keys with `-it`, the TTY
 * kept at the terminal's size), and exit with the command's exit code from exec inspect.
 */
import { inspectContainer } from '../../client/api/containers.js';
import { attachExec, createExec, inspectExec, resizeExec, startExecDetached, type ExecCreateBody } from '../../client/api/exec.js';
import type { Transport } from '../../client/transport.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, list, str, type FlagSpec, type ParsedFlags } from '../flags/types.js';
import { expandEnv } from './run/config.js';
import { streamSession } from './run/stream.js';
import { monitorSize } from './run/tty-size.js';
import { readEnvFiles } from './shared/env-file.js';

const FLAGS: FlagSpec[] = [
  { long: 'detach', short: 'd', type: 'bool', usage: 'Detached mode: run command in the background' },
  { long: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
  { long: 'env', short: 'e', type: 'stringArray', valueName: 'list', usage: 'Set environment variables' },
  { long: 'env-file', type: 'stringArray', valueName: 'list', usage: 'Read in a file of environment variables' },
  { long: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open even if not attached' },
  { long: 'privileged', type: 'bool', usage: 'Give extended privileges to the command' },
  { long: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
  { long: 'user', short: 'u', type: 'string', usage: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
  { long: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
];

/** docker's parseExec: without -d every stream is attached (stdin with -i). */
async function execBody(ctx: CliContext, p: ParsedFlags): Promise<ExecCreateBody> {
  const detach = bool(p, 'detach');
  const tty = bool(p, 'tty');
  const out = ctx.io.stdout;
  const env = await readEnvFiles(list(p, 'env-file'), expandEnv(list(p, 'env'), ctx.env), ctx.env);
  return {
    User: str(p, 'user'), Privileged: bool(p, 'privileged'), Tty: tty,
    ...(tty ? { ConsoleSize: out.isTTY ? [out.rows ?? 0, out.columns ?? 0] : [0, 0] } : {}),
    AttachStdin: !detach && bool(p, 'interactive'), AttachStderr: !detach, AttachStdout: !detach,
    DetachKeys: str(p, 'detach-keys'), Env: env, WorkingDir: str(p, 'workdir'), Cmd: p.args.slice(1),
  };
}

/** Streams the started exec until its output ends; a detach ends the command as docker's does (exit 1). */
async function interactive(ctx: CliContext, t: Transport, id: string, body: ExecCreateBody): Promise<void> {
  const tty = body.Tty === true;
  const hijacked = await attachExec(t, id, { tty, ...(body.ConsoleSize ? { consoleSize: body.ConsoleSize } : {}) });
  const stopResize = tty && ctx.io.stdin.isTTY ? monitorSize(ctx.io.stdout, (size) => resizeExec(t, id, size)) : () => undefined;
  const end = await streamSession({
    socket: hijacked.socket, tty, ...(body.DetachKeys ? { detachKeys: body.DetachKeys } : {}),
    ...(body.AttachStdin ? { stdin: ctx.io.stdin } : {}),
    stdout: ctx.io.stdout, stderr: tty ? ctx.io.stdout : ctx.io.stderr,
  }).finally(stopResize);
  if (end === 'detached') throw new StatusError(1, 'read escape sequence');
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const container = p.args[0] ?? '';
  const body = await execBody(ctx, p);
  const t = await ctx.transport();
  await inspectContainer(t, container); // "No such container" before anything is made
  if (!bool(p, 'detach') && body.AttachStdin && body.Tty && !ctx.io.stdin.isTTY) throw new StatusError(1, 'the input device is not a TTY');
  const { Id } = await createExec(t, container, body);
  const start = { tty: body.Tty === true, ...(body.ConsoleSize ? { consoleSize: body.ConsoleSize } : {}) };
  if (bool(p, 'detach')) {
    await startExecDetached(t, Id, start);
    return 0;
  }
  await interactive(ctx, t, Id, body);
  return (await inspectExec(t, Id)).ExitCode ?? 0;
}

/** `wharf exec`. */
export const command: CommandSpec = {
  name: 'exec',
  use: 'exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  short: 'Execute a command in a running container',
  aliases: ['container exec'],
  flags: FLAGS,
  interspersed: false,
  args: { kind: 'min', n: 2 },
  run,
};
