/** `wharf history`: `GET /images/{name}/history`, printed like docker's table (`<missing>` rows, sizes, -H, --no-trunc). */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { renderFormat } from '../format/formatter.js';
import { ellipsis } from '../format/quote.js';
import { timeAgo } from '../format/time.js';
import { humanSize } from '../../util/go-units.js';
import { TYPE_NAME } from '../format/template/exec.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { FORMAT_FLAG_USAGE } from './shared/flags.js';

interface HistoryItem { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }

const HUMAN_TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const RAW_TABLE = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const header = { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' };

/** One history row as template data (docker's historyContext). */
class HistoryContext {
  readonly [TYPE_NAME] = '*formatter.historyContext';
  constructor(readonly h: HistoryItem, readonly trunc: boolean, readonly human: boolean) {}
  ID(): string {
    if (this.h.Id === '<missing>' || !this.trunc) return this.h.Id;
    return this.h.Id.replace(/^sha256:/, '').slice(0, 12);
  }
  CreatedSince(): string {
    return this.human ? timeAgo(this.h.Created) : this.CreatedAt();
  }
  CreatedAt(): string {
    return new Date(this.h.Created * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  CreatedBy(): string {
    const s = this.h.CreatedBy.replaceAll('\t', ' ');
    return this.trunc ? ellipsis(s, 45) : s;
  }
  Size(): string {
    return this.human ? humanSize(this.h.Size, 3) : String(this.h.Size);
  }
  Comment(): string {
    return this.h.Comment;
  }
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const t = await ctx.transport();
  const items = await t.json<HistoryItem[]>({ method: 'GET', path: `/images/${p.args[0] ?? ''}/history` });
  const human = bool(p, 'human');
  const trunc = !bool(p, 'no-trunc');
  let format = str(p, 'format') || 'table';
  if (bool(p, 'quiet')) format = '{{.ID}}';
  const rows = (items ?? []).map((h) => new HistoryContext(h, trunc, human));
  ctx.out(renderFormat({ format, defaultTable: human ? HUMAN_TABLE : RAW_TABLE, header, rows }));
  return 0;
}

/** `wharf history`. */
export const command: CommandSpec = {
  name: 'history',
  use: 'history [OPTIONS] IMAGE',
  short: 'Show the history of an image',
  aliases: ['image history'],
  flags: [
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'human', short: 'H', type: 'bool', default: true, usage: 'Print sizes and dates in human readable format' },
    { long: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Only show image IDs' },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
