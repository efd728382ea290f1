/** `wharf image prune [-a] [-f] [--filter]`: `POST /images/prune?filters=`, with docker's prompt and report. */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { Transport } from '../../client/transport.js';
import { bool, list, type ParsedFlags } from '../flags/types.js';
import { humanSize } from '../../util/go-units.js';
import { FILTER_FLAG, filtersToJson } from './shared/flags.js';

/** prune's `--filter` has no short form (`-f` is `--force`). */
const { short: _short, ...PRUNE_FILTER_FLAG } = { ...FILTER_FLAG, usage: 'Provide filter values (e.g. "until=<timestamp>")' };

const WARN_DANGLING = 'WARNING! This will remove all dangling images.';
const WARN_ALL = 'WARNING! This will remove all images without at least one container associated to them.';

/** Asks `[y/N]` on stdin; true for y/yes. */
export async function confirm(ctx: CliContext, warning: string): Promise<boolean> {
  ctx.out(`${warning}\nAre you sure you want to continue? [y/N] `);
  const line = await new Promise<string>((resolve) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) done();
    };
    const done = () => {
      ctx.io.stdin.off('data', onData).off('end', done);
      ctx.io.stdin.pause();
      resolve(buf.split('\n')[0] ?? '');
    };
    ctx.io.stdin.on('data', onData).once('end', done);
  });
  return /^(y|yes)$/i.test(line.trim());
}

/** Prunes and words the result as docker's image RunPrune: the deleted lines (or ''), and the bytes. */
export async function runImagePrune(t: Transport, all: boolean, userFilters: Record<string, Record<string, boolean>>): Promise<{ output: string; reclaimed: number }> {
  const filters = { ...userFilters, dangling: { [String(!all)]: true } };
  const report = await t.json<{ ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }> | null; SpaceReclaimed: number }>({
    method: 'POST', path: '/images/prune', query: { filters: JSON.stringify(filters) },
  });
  const deleted = report.ImagesDeleted ?? [];
  if (deleted.length === 0) return { output: '', reclaimed: 0 };
  const lines = deleted.map((d) => (d.Untagged ? `untagged: ${d.Untagged}\n` : `deleted: ${d.Deleted ?? ''}\n`)).join('');
  return { output: `Deleted Images:\n${lines}`, reclaimed: report.SpaceReclaimed };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const all = bool(p, 'all');
  if (!bool(p, 'force') && !(await confirm(ctx, all ? WARN_ALL : WARN_DANGLING))) return 0;
  const { output, reclaimed } = await runImagePrune(await ctx.transport(), all, filtersToJson(list(p, 'filter')));
  if (output) ctx.out(`${output}\n`);
  ctx.out(`Total reclaimed space: ${humanSize(reclaimed, 4)}\n`);
  return 0;
}

/** `wharf image prune`. */
export const command: CommandSpec = {
  name: 'image prune',
  use: 'image prune [OPTIONS]',
  short: 'Remove unused images',
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Remove all unused images, not just dangling ones' },
    PRUNE_FILTER_FLAG,
    { long: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
  ],
  args: { kind: 'none' },
  run,
};
