/**
 * `wharf run`, in docker CLI 28's order: the `--cidfile` claimed → create (on 404 "No such image":
 * pull, then create again; `--pull always|never` as docker) →
 * attach (hijacked, before start) → wait (`next-exit`, or `removed` with `--rm`; acknowledged before
 * start so the exit cannot be missed) → start → stream → exit with the code from the wait.
 * Failures before the container runs print `wharf: <error>` plus the help hint and exit 125, or
 * 127/126 when the command cannot be found/executed, as docker's runStartContainerErr decides.
 */
import { attachContainer, createContainer, startContainer, waitContainer, type PendingWait } from '../../client/api/containers.js';
import type { CreateBody } from '../../client/api/types.js';
import { ApiError } from '../../client/errors.js';
import type { Transport } from '../../client/transport.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, list, str, type ParsedFlags } from '../flags/types.js';
import { buildCreateBody } from './run/config.js';
import { CidFile } from './run/cidfile.js';
import { formatPlatform, parsePlatform } from '../../oci/platform.js';
import { RUN_FLAGS } from './run/flags.js';
import { proxySignals } from './run/signals.js';
import { checkImageReference } from './shared/reference.js';
import { streamSession } from './run/stream.js';
import { monitorTtySize } from './run/tty-size.js';

/** docker's `docker: <msg>` + help hint (`run --help`, or `create --help` for create), with the given exit status. */
export function runFailure(ctx: CliContext, e: unknown, status = 125, command = 'run'): StatusError {
  const msg = e instanceof ApiError ? e.display() : (e as Error).message;
  return new StatusError(status, `${ctx.program}: ${msg}\n\nRun '${ctx.program} ${command} --help' for more information`);
}

/** docker's runStartContainerErr: 127 for a missing command, 126 for one that cannot run, else 125. */
export function startErrorStatus(message: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(message)) return 127;
  if (/permission denied|is a directory/.test(message)) return 126;
  return 125;
}

/** docker's createContainer: the ID file claimed first, then create (pulling as `--pull` says). */
export async function create(ctx: CliContext, t: Transport, body: CreateBody, p: ParsedFlags): Promise<string> {
  const cid = CidFile.claim(str(p, 'cidfile'));
  try {
    const id = await createPulling(ctx, t, body, p);
    cid.write(id);
    return id;
  } finally {
    cid.close();
  }
}

async function createPulling(ctx: CliContext, t: Transport, body: CreateBody, p: ParsedFlags): Promise<string> {
  const pull = str(p, 'pull');
  const o = { name: str(p, 'name'), platform: platformOf(p) };
  const pullOpts = { image: body.Image, platform: o.platform, out: ctx.io.stderr, quiet: bool(p, 'quiet') };
  const pullNow = async (): Promise<void> => {
    const [{ pullForRun }, { authForImage }] = await Promise.all([import('./shared/pull.js'), import('./shared/registry-auth.js')]);
    await pullForRun(t, { ...pullOpts, auth: await authForImage(ctx, body.Image) });
  };
  if (pull === 'always') await pullNow();
  let res;
  try {
    res = await createContainer(t, body, o);
  } catch (e) {
    if (!(e instanceof ApiError && e.notFound && pull === 'missing')) throw e;
    const { taggedName } = await import('./shared/pull.js');
    ctx.err(`Unable to find image '${taggedName(body.Image)}' locally\n`);
    await pullNow();
    res = await createContainer(t, body, o);
  }
  for (const w of res.Warnings ?? []) ctx.err(`WARNING: ${w}\n`);
  return res.Id;
}

/** `--platform` as docker CLI 28 sends it: parsed and normalised (`amd64` → `linux/amd64`). */
function platformOf(p: ParsedFlags): string {
  const given = str(p, 'platform');
  if (given === '') return '';
  try {
    return formatPlatform(parsePlatform(given, { osVersions: true }));
  } catch (e) {
    throw new Error(`error parsing specified platform: ${(e as Error).message}`);
  }
}

/** Checks the flags and builds the create body, as docker's parse does (throws Error with docker's wording). */
export function createBody(ctx: CliContext, p: ParsedFlags): CreateBody {
  const tty = bool(p, 'tty');
  const out = ctx.io.stdout;
  if (!['always', 'missing', 'never'].includes(str(p, 'pull'))) {
    throw new Error(`invalid pull option: '${str(p, 'pull')}': must be one of "always", "missing" or "never"`);
  }
  platformOf(p);
  const consoleSize: [number, number] | undefined = tty && out.isTTY ? [out.rows ?? 0, out.columns ?? 0] : undefined;
  return buildCreateBody(p, ctx.env, consoleSize ? { consoleSize } : {});
}

/** The create body of `run`: flags first, then the image reference, in docker's order. */
function prepare(ctx: CliContext, p: ParsedFlags): CreateBody {
  const body = createBody(ctx, p);
  checkImageReference(body.Image);
  return body;
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  if (!bool(p, 'detach') && bool(p, 'interactive') && bool(p, 'tty') && !ctx.io.stdin.isTTY) {
    throw new StatusError(1, 'the input device is not a TTY');
  }
  if (bool(p, 'detach') && list(p, 'attach').length > 0) {
    throw new StatusError(1, 'conflicting options: cannot specify both --attach and --detach');
  }
  let body: CreateBody;
  let t: Transport;
  let id: string;
  try {
    body = prepare(ctx, p);
    t = await ctx.transport();
  } catch (e) {
    throw runFailure(ctx, e);
  }
  try {
    id = await create(ctx, t, body, p);
  } catch (e) {
    // docker's toStatusError: a create that fails on a missing file is 127 too.
    throw runFailure(ctx, e, startErrorStatus((e as Error).message));
  }
  const stopSignals = bool(p, 'sig-proxy') && !body.Tty ? proxySignals(t, id) : () => undefined;
  try {
    return await attachAndStart(ctx, t, id, body, p);
  } finally {
    stopSignals();
  }
}

interface Attached {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

async function attachAndStart(ctx: CliContext, t: Transport, id: string, body: CreateBody, p: ParsedFlags): Promise<number> {
  const a: Attached = { stdin: body['AttachStdin'] === true, stdout: body['AttachStdout'] === true, stderr: body['AttachStderr'] === true };
  if (!a.stdin && !a.stdout && !a.stderr) ctx.out(`${id}\n`);
  const detachKeys = str(p, 'detach-keys');
  const hijacked = a.stdin || a.stdout || a.stderr
    ? await attachContainer(t, id, { ...a, detachKeys }).catch((e: unknown) => { throw runFailure(ctx, e); })
    : undefined;
  const wait = await waitThenStart(ctx, t, id, { autoRemove: bool(p, 'rm'), onFailure: () => hijacked?.socket.destroy() });
  if (!hijacked) return 0;
  const tty = body.Tty === true;
  const stopResize = tty && ctx.io.stdout.isTTY ? monitorTtySize(t, id, ctx.io.stdout) : () => undefined;
  const end = await streamSession({
    socket: hijacked.socket, tty, detachKeys, ...(a.stdin ? { stdin: ctx.io.stdin } : {}),
    ...(a.stdout ? { stdout: ctx.io.stdout } : {}), ...(a.stderr ? { stderr: tty ? ctx.io.stdout : ctx.io.stderr } : {}),
  }).finally(stopResize);
  if (end === 'detached') return 0;
  return exitStatus(ctx, wait);
}

/** Registers the wait (acknowledged by the daemon), then starts; a failed start maps to 125/126/127. */
async function waitThenStart(ctx: CliContext, t: Transport, id: string, o: { autoRemove: boolean; onFailure: () => void }): Promise<PendingWait> {
  let pending: PendingWait | undefined;
  try {
    pending = await waitContainer(t, id, o.autoRemove ? 'removed' : 'next-exit');
    await startContainer(t, id);
    return pending;
  } catch (e) {
    o.onFailure();
    const err = runFailure(ctx, e, startErrorStatus((e as Error).message));
    if (o.autoRemove) await pending?.result.catch(() => undefined);
    throw err;
  }
}

/** The exit status from a registered wait: the container's code, or 125 when the wait failed. */
export async function exitStatus(ctx: CliContext, wait: PendingWait): Promise<number> {
  try {
    const r = await wait.result;
    if (r.Error?.Message) {
      ctx.err(`Error waiting for container: ${r.Error.Message}\n`);
      return 125;
    }
    return r.StatusCode;
  } catch (e) {
    ctx.err(`error waiting for container: ${(e as Error).message}\n`);
    return 125;
  }
}

/** `wharf run`. */
export const command: CommandSpec = {
  name: 'run',
  use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  aliases: ['container run'],
  flags: RUN_FLAGS,
  interspersed: false,
  args: { kind: 'min', n: 1 },
  run,
};
