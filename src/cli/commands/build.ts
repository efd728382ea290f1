/**
 * `wharf build [OPTIONS] PATH | -`: the context packed here (build/context.ts), sent to `POST /build`
 * with docker build's query (the classic builder's protocol), the stream drawn per step with timings
 * (build/render.ts) or, with `--progress=legacy`, printed as `docker build` prints it. `-q` prints
 * only the image ID; `--iidfile` writes it; `--output` writes the image's files out (build/output.ts).
 * A failed RUN exits with its code, as docker does.
 */
import { writeFile } from 'node:fs/promises';
import { readJsonMessages } from '../../client/json-stream.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, list, num, str, type ParsedFlags } from '../flags/types.js';
import { directoryContext, stdinContext, type Context } from './build/context.js';
import { BuildRenderer } from './build/render.js';
import { exportImage, parseOutput } from './build/output.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** `--build-arg NAME` alone takes NAME from the environment (left out when unset), as docker's does. */
export function buildArgs(values: string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq >= 0) out[v.slice(0, eq)] = v.slice(eq + 1);
    else if (env[v] !== undefined) out[v] = env[v]!;
  }
  return out;
}

/** `--label k=v` (a bare `k` is an empty value). */
function labels(values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => (v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [v, ''])));
}

async function context(ctx: CliContext, p: ParsedFlags): Promise<Context> {
  const path = p.args[0]!;
  const file = str(p, 'file');
  if (/^(https?|git):\/\/|^git@/.test(path)) throw new StatusError(1, `unable to prepare context: remote contexts (${path}) are not supported: clone or download it first`);
  if (path === '-') {
    if (file === '-') throw new StatusError(1, 'invalid argument: can\'t use stdin for both build context and dockerfile');
    return stdinContext(await readAll(ctx.io.stdin), file || 'Dockerfile');
  }
  return directoryContext(path, file === '-' ? undefined : file || undefined, file === '-' ? await readAll(ctx.io.stdin) : undefined);
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  for (const flag of ['secret', 'ssh']) {
    if (list(p, flag).length > 0 || (p.changed.has(flag) && str(p, flag))) throw new StatusError(1, `--${flag} is not supported by Wharf's builder yet`);
  }
  const progress = str(p, 'progress');
  if (!['auto', 'plain', 'tty', 'quiet', 'legacy'].includes(progress)) throw new StatusError(1, `invalid progress mode "${progress}": auto, plain, tty, quiet or legacy`);
  const outputs = list(p, 'output').map(parseOutput);
  if (outputs.length > 1) throw new StatusError(1, 'only one --output is supported');
  // A tar on stdout leaves no room for progress there.
  const quiet = bool(p, 'quiet') || progress === 'quiet' || outputs[0]?.dest === '-';
  const c = await context(ctx, p);
  const t = await ctx.transport();
  const res = await t.request({
    method: 'POST', path: '/build', body: c.tar, headers: { 'Content-Type': 'application/x-tar' },
    query: {
      t: list(p, 'tag'), dockerfile: c.dockerfile, buildargs: JSON.stringify(buildArgs(list(p, 'build-arg'), ctx.env)),
      labels: JSON.stringify(labels(list(p, 'label'))), target: str(p, 'target') || undefined,
      nocache: bool(p, 'no-cache'), pull: bool(p, 'pull'), q: quiet, rm: bool(p, 'rm') ? '1' : '0', forcerm: bool(p, 'force-rm'),
      networkmode: str(p, 'network') || undefined, extrahosts: list(p, 'add-host').length ? list(p, 'add-host').join(',') : undefined,
      shmsize: p.changed.has('shm-size') ? num(p, 'shm-size') : undefined, platform: str(p, 'platform') || undefined, version: '1',
      cachefrom: list(p, 'cache-from').length ? JSON.stringify(list(p, 'cache-from')) : undefined,
    },
  });
  const render = quiet || progress === 'legacy' ? undefined : new BuildRenderer((s) => ctx.out(s));
  let id = '';
  for await (const m of readJsonMessages(res)) {
    if (m.aux && typeof m.aux.ID === 'string') id = m.aux.ID;
    if (m.errorDetail || m.error) {
      const message = m.errorDetail?.message ?? m.error ?? '';
      render?.error(message);
      throw new StatusError(m.errorDetail?.code ?? 1, message);
    }
    if (render) render.message(m);
    else if (!quiet && typeof m.stream === 'string') ctx.out(m.stream);
    else if (!quiet && m.status) ctx.out(`${m.id ? `${m.id}: ` : ''}${m.status}\n`);
  }
  render?.end();
  if (outputs[0]) await exportImage(t, id, outputs[0], ctx.io.stdout);
  if (quiet && outputs[0]?.dest !== '-') ctx.out(`${id}\n`);
  if (str(p, 'iidfile')) await writeFile(str(p, 'iidfile'), id);
  return 0;
}

/** `wharf build`. */
export const command: CommandSpec = {
  name: 'build',
  use: 'build [OPTIONS] PATH | URL | -',
  short: 'Build an image from a Dockerfile',
  aliases: ['image build', 'builder build'],
  flags: [
    { long: 'add-host', type: 'stringArray', valueName: 'list', usage: 'Add a custom host-to-IP mapping ("host:ip")' },
    { long: 'build-arg', type: 'stringArray', valueName: 'list', usage: 'Set build-time variables' },
    { long: 'cache-from', type: 'stringArray', valueName: 'strings', usage: 'Images to consider as cache sources' },
    { long: 'file', short: 'f', type: 'string', usage: 'Name of the Dockerfile (Default is "PATH/Dockerfile")' },
    { long: 'force-rm', type: 'bool', usage: 'Always remove intermediate containers' },
    { long: 'iidfile', type: 'string', usage: 'Write the image ID to the file' },
    { long: 'label', type: 'stringArray', valueName: 'list', usage: 'Set metadata for an image' },
    { long: 'network', type: 'string', usage: 'Set the networking mode for the RUN instructions during build', helpDefault: 'default' },
    { long: 'no-cache', type: 'bool', usage: 'Do not use cache when building the image' },
    { long: 'output', short: 'o', type: 'stringArray', valueName: 'stringArray', usage: 'Output destination (format: "type=local,dest=path")' },
    { long: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
    { long: 'progress', type: 'string', default: 'auto', usage: 'Set type of progress output ("auto", "plain", "tty", "quiet", "legacy"). Use plain to show container output' },
    { long: 'pull', type: 'bool', usage: 'Always attempt to pull a newer version of the image' },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Suppress the build output and print image ID on success' },
    { long: 'rm', type: 'bool', default: true, usage: 'Remove intermediate containers after a successful build' },
    { long: 'secret', type: 'stringArray', valueName: 'stringArray', usage: 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")' },
    { long: 'shm-size', type: 'bytes', usage: 'Size of "/dev/shm"' },
    { long: 'ssh', type: 'stringArray', valueName: 'stringArray', usage: 'SSH agent socket or keys to expose to the build' },
    { long: 'tag', short: 't', type: 'stringArray', valueName: 'list', usage: 'Name and optionally a tag in the "name:tag" format' },
    { long: 'target', type: 'string', usage: 'Set the target build stage to build.' },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
