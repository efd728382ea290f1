/**
 * `wharf logs`: inspect the container to learn whether it has a TTY, then `GET /containers/{id}/logs`;
 * TTY logs are raw bytes, others use the 8-byte framing and go to stdout/stderr accordingly.
 */
import { containerLogs, inspectContainer } from '../../client/api/containers.js';
import { copyRaw, demuxStream } from '../../client/stdcopy.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { getTimestamp } from '../../protocol/time.js';
import { StatusError } from '../errors.js';

/** `--since`/`--until` in the API's form; like docker's client, the error names the flag (exit 1). */
function timestamp(p: ParsedFlags, name: 'since' | 'until'): string {
  try {
    return getTimestamp(str(p, name));
  } catch (e) {
    throw new StatusError(1, `invalid value for "${name}": ${(e as Error).message}`);
  }
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const name = p.args[0] ?? '';
  const t = await ctx.transport();
  const info = await inspectContainer(t, name);
  const res = await containerLogs(t, info.Id, {
    follow: bool(p, 'follow'), tail: str(p, 'tail'), timestamps: bool(p, 'timestamps'), details: bool(p, 'details'),
    since: timestamp(p, 'since'), until: timestamp(p, 'until'),
  });
  if (info.Config?.Tty) await copyRaw(res, ctx.io.stdout);
  else await demuxStream(res, { stdout: ctx.io.stdout, stderr: ctx.io.stderr });
  return 0;
}

const TIME_HINT = 'timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)';

/** `wharf logs`. */
export const command: CommandSpec = {
  name: 'logs',
  use: 'logs [OPTIONS] CONTAINER',
  short: 'Fetch the logs of a container',
  aliases: ['container logs'],
  flags: [
    { long: 'details', type: 'bool', usage: 'Show extra details provided to logs' },
    { long: 'follow', short: 'f', type: 'bool', usage: 'Follow log output' },
    { long: 'since', type: 'string', usage: `Show logs since ${TIME_HINT}` },
    { long: 'tail', short: 'n', type: 'string', default: 'all', usage: 'Number of lines to show from the end of the logs' },
    { long: 'timestamps', short: 't', type: 'bool', usage: 'Show timestamps' },
    { long: 'until', type: 'string', usage: `Show logs before a ${TIME_HINT}` },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
