/** Flag texts several commands share, worded as docker's. */
import type { FlagSpec } from '../../flags/types.js';

const FORMAT_TAIL = "'json':             Print in JSON format\n"
  + "'TEMPLATE':         Print output using the given Go template.\n"
  + 'Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates';

/** `--format` usage for list commands (table, json or template). */
export const FORMAT_FLAG_USAGE = 'Format output using a custom template:\n'
  + "'table':            Print output in table format with column headers (default)\n"
  + "'table TEMPLATE':   Print output in table format using the given Go template\n"
  + FORMAT_TAIL;

/** `--format` usage for commands without a table form (version, info). */
export const FORMAT_FLAG_USAGE_NO_TABLE = `Format output using a custom template:\n${FORMAT_TAIL}`;

/** Validates `-f key=value` filters like docker's filter option. */
export function checkFilter(text: string): void {
  if (!text.includes('=')) throw new Error('bad format of filter (expected name=value)');
}

/** The `-f/--filter` flag of list commands. */
export const FILTER_FLAG: FlagSpec = {
  long: 'filter', short: 'f', type: 'stringArray', valueName: 'filter',
  usage: 'Filter output based on conditions provided', check: checkFilter,
};

/** Turns `key=value` filter flags into the API's `{"key":{"value":true}}`. */
export function filtersToJson(filters: readonly string[]): Record<string, Record<string, boolean>> {
  const out: Record<string, Record<string, boolean>> = {};
  for (const f of filters) {
    const i = f.indexOf('=');
    const key = f.slice(0, i).trim().toLowerCase();
    (out[key] ??= {})[f.slice(i + 1).trim()] = true;
  }
  return out;
}
