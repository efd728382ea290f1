/**
 * `wharf cp [-a] [-L] [-q] SRC DEST`: files between a container and the host, either way, with
 * `-` for a tar on stdin or stdout (the docker CLI's cp.go). Without `-q`, progress and the
 * "Successfully copied" line show only when stdout is a terminal, as docker 28 does.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { bool, type ParsedFlags } from '../flags/types.js';
import { resolveLocalPath, splitCpArg, type CpConfig } from './cp/config.js';
import { copyFromContainer } from './cp/from-container.js';
import { copyToContainer } from './cp/to-container.js';
import { CopyError } from './cp/copy-info.js';

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [source = '', destination = ''] = p.args;
  if (source === '') throw new StatusError(1, 'source can not be empty');
  if (destination === '') throw new StatusError(1, 'destination can not be empty');
  const src = splitCpArg(source);
  const dst = splitCpArg(destination);
  if (src.container && dst.container) throw new StatusError(1, 'copying between containers is not supported');
  if (!src.container && !dst.container) throw new StatusError(1, 'must specify at least one container source');
  const config: CpConfig = {
    followLink: bool(p, 'follow-link'), copyUIDGID: bool(p, 'archive'),
    quiet: p.changed.has('quiet') ? bool(p, 'quiet') : !ctx.io.stdout.isTTY,
    sourcePath: src.path, destPath: dst.path, container: src.container || dst.container,
    resolveLocal: (path) => resolveLocalPath(process.cwd(), path),
  };
  try {
    await (src.container ? copyFromContainer(ctx, config) : copyToContainer(ctx, config));
  } catch (err) {
    if (err instanceof CopyError) throw new StatusError(1, err.message);
    throw err;
  }
  return 0;
}

/** `wharf cp`. */
export const command: CommandSpec = {
  name: 'cp',
  use: 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\twharf cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  short: 'Copy files/folders between a container and the local filesystem',
  aliases: ['container cp'],
  flags: [
    { long: 'archive', short: 'a', type: 'bool', usage: 'Archive mode (copy all uid/gid information)' },
    { long: 'follow-link', short: 'L', type: 'bool', usage: 'Always follow symbol link in SRC_PATH' },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  args: { kind: 'exact', n: 2 },
  run,
};
