/**
 * `wharf events` (`GET /events`): each event as it arrives, in docker's line form or through
 * `--format`, until interrupted or, with `--until`, until that time has passed. `--since`/`--until`
 * take what docker's do (durations back from now, dates, Unix seconds); a bad template is refused
 * before anything is asked of the daemon, with docker's exit status 64.
 */
import { systemEvents } from '../../client/api/system.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { StatusError } from '../errors.js';
import { list, str, type ParsedFlags } from '../flags/types.js';
import { EMPTY_EVENT, EventContext, eventLine } from '../format/event-context.js';
import { execute } from '../format/template/exec.js';
import { basicFuncs } from '../format/template/funcs.js';
import { TemplateError } from '../format/template/lexer.js';
import { parseTemplate, type Node } from '../format/template/parser.js';
import { getTimestamp } from '../../protocol/time.js';
import { FILTER_FLAG, FORMAT_FLAG_USAGE_NO_TABLE, filtersToJson } from './shared/flags.js';

/** docker's makeTemplate: `json` is `{{json .}}`; the template is tried on an empty message at once. */
function makeTemplate(format: string): Node[] | undefined {
  if (format === '') return undefined;
  try {
    const nodes = parseTemplate(format === 'json' ? '{{json .}}' : format);
    execute(nodes, EMPTY_EVENT, basicFuncs);
    return nodes;
  } catch (e) {
    if (e instanceof TemplateError) throw new StatusError(64, `Error parsing format: ${e.message}`);
    throw e;
  }
}

function timestamp(p: ParsedFlags, name: 'since' | 'until'): string {
  try {
    return getTimestamp(str(p, name));
  } catch (e) {
    throw new StatusError(1, (e as Error).message);
  }
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const template = makeTemplate(str(p, 'format'));
  const query = { since: timestamp(p, 'since'), until: timestamp(p, 'until'), filters: filtersToJson(list(p, 'filter')) };
  const t = await ctx.transport();
  for await (const m of systemEvents(t, query)) {
    ctx.out(template ? `${execute(template, new EventContext(m), basicFuncs)}\n` : eventLine(m));
  }
  return 0;
}

/** `wharf events`. */
export const command: CommandSpec = {
  name: 'events',
  use: 'events [OPTIONS]',
  short: 'Get real time events from the server',
  aliases: ['system events'],
  flags: [
    FILTER_FLAG,
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE_NO_TABLE },
    { long: 'since', type: 'string', usage: 'Show all events created since timestamp' },
    { long: 'until', type: 'string', usage: 'Stream events until this timestamp' },
  ],
  args: { kind: 'none' },
  run,
};
