/**
 * `wharf stats`: docker's live table of container statistics. Named containers are followed as
 * given (errors for any of them end the command, after every first sample, as docker does); with
 * no names, the running (or with `-a` all) containers are followed, and the list is looked at again
 * every second for containers that started (or, without `-a`, stopped) — docker learns the same
 * from the event stream. `--no-stream` prints one table; otherwise the table is redrawn every
 * 500 ms with the docker CLI's escape codes (`screenFrame`).
 */
import { listContainers } from '../../client/api/containers.js';
import type { Transport } from '../../client/transport.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError, errorText } from '../errors.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { renderFormat } from '../format/formatter.js';
import { DEFAULT_STATS_TABLE, StatsContext, screenFrame, statsHeader } from '../format/stats-context.js';
import { StatsCollector } from './stats/collector.js';
import { FORMAT_FLAG_USAGE } from './shared/flags.js';

const REDRAW_MS = 500;
const RELIST_MS = 1000;

/** The followed containers, in the order they were added. */
class Rows {
  readonly list: StatsCollector[] = [];
  constructor(readonly t: Transport, readonly stream: boolean) {}

  add(container: string): void {
    if (this.list.some((c) => c.container === container)) return;
    const c = new StatsCollector(container);
    this.list.push(c);
    c.start(this.t, this.stream);
  }

  /** Stops following the containers not in `keep`. */
  retain(keep: Set<string>): void {
    for (const c of this.list.filter((x) => !keep.has(x.container))) {
      c.stop();
      this.list.splice(this.list.indexOf(c), 1);
    }
  }

  first(): Promise<void> {
    return Promise.all(this.list.map((c) => c.first)).then(() => undefined);
  }

  stop(): void {
    for (const c of this.list) c.stop();
  }
}

function render(rows: Rows, format: string, trunc: boolean): string {
  const contexts = rows.list.map((c) => new StatsContext(c.entry, trunc));
  return renderFormat({ format, defaultTable: DEFAULT_STATS_TABLE, header: statsHeader, rows: contexts });
}

/** Adds the listed containers; returns their IDs (12 characters: what docker CLI 28 shows as `.Container`). */
async function relist(t: Transport, rows: Rows, all: boolean): Promise<Set<string>> {
  const ids = new Set((await listContainers(t, { all })).map((c) => c.Id.slice(0, 12)));
  for (const id of ids) rows.add(id);
  return ids;
}

/** With no names: every second, new containers join, and without `-a` stopped ones leave. */
function follow(t: Transport, rows: Rows, all: boolean, failed: (e: unknown) => void): NodeJS.Timeout {
  return setInterval(() => {
    relist(t, rows, all).then((ids) => { if (!all) rows.retain(ids); }, failed);
  }, RELIST_MS);
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const all = bool(p, 'all');
  const stream = !bool(p, 'no-stream');
  const trunc = !bool(p, 'no-trunc');
  const format = str(p, 'format') || 'table';
  const rows = new Rows(t, stream);
  const showAll = p.args.length === 0;
  try {
    if (showAll) await relist(t, rows, all);
    else for (const name of p.args) rows.add(name);
    await rows.first();
    const errors = showAll ? [] : rows.list.filter((c) => c.error !== undefined).map((c) => errorText(c.error));
    if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
    if (!stream) {
      if (rows.list.length > 0) ctx.out(render(rows, format, trunc));
      return 0;
    }
    return await redraw(ctx, rows, { format, trunc, showAll, all });
  } finally {
    rows.stop();
  }
}

/** Redraws until the command is interrupted (or, for named containers, none is left). */
function redraw(ctx: CliContext, rows: Rows, o: { format: string; trunc: boolean; showAll: boolean; all: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    let watcher: NodeJS.Timeout | undefined;
    const end = (e?: unknown) => {
      clearInterval(ticker);
      clearInterval(watcher);
      if (e === undefined) resolve(0);
      else reject(e);
    };
    const ticker = setInterval(() => {
      try {
        ctx.out(screenFrame(render(rows, o.format, o.trunc)));
      } catch (e) {
        return end(e);
      }
      if (rows.list.length === 0 && !o.showAll) end();
    }, REDRAW_MS);
    if (o.showAll) watcher = follow(rows.t, rows, o.all, end);
  });
}

/** `wharf stats`. */
export const command: CommandSpec = {
  name: 'stats',
  use: 'stats [OPTIONS] [CONTAINER...]',
  short: 'Display a live stream of container(s) resource usage statistics',
  aliases: ['container stats'],
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Show all containers (default shows just running)' },
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'no-stream', type: 'bool', usage: 'Disable streaming stats and only pull the first result' },
    { long: 'no-trunc', type: 'bool', usage: 'Do not truncate output' },
  ],
  args: { kind: 'min', n: 0 },
  run,
};
