/**
 * `wharf search TERM`: `GET /images/search?term=&limit=&filters=` with the credentials of the
 * term's registry (`host:port/term` searches that registry, anything else Docker Hub), printed
 * like docker CLI 28 in the daemon's order (CLI 28 no longer sorts by stars).
 */
import { searchImages } from '../../client/api/registry.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { bool, list, num, str, type ParsedFlags } from '../flags/types.js';
import { renderFormat } from '../format/formatter.js';
import { DEFAULT_SEARCH_TABLE, SearchContext, searchHeader } from '../format/search-context.js';
import { FILTER_FLAG, filtersToJson } from './shared/flags.js';
import { authForDomain } from './shared/registry-auth.js';

const AUTOMATED_WARNING = 'WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" will not yield any results in future.\n';

/** The registry a search term names: the part before the first `/` when it looks like a host (registry.ParseSearchIndexInfo). */
function searchDomain(term: string): string {
  const slash = term.indexOf('/');
  const first = slash < 0 ? '' : term.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return isHost ? first : 'docker.io';
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const term = p.args[0] ?? '';
  const filters = filtersToJson(list(p, 'filter'));
  if (filters['is-automated']) ctx.err(AUTOMATED_WARNING);
  const auth = await authForDomain(ctx, searchDomain(term));
  const results = await searchImages(await ctx.transport(), { term, limit: num(p, 'limit'), filters, auth });
  const trunc = !bool(p, 'no-trunc');
  const format = str(p, 'format') || 'table';
  ctx.out(renderFormat({
    format, defaultTable: DEFAULT_SEARCH_TABLE, header: searchHeader, rows: results.map((r) => new SearchContext(r, trunc)),
    executeErrorPrefix: 'template parsing error',
  }));
  return 0;
}

/** `wharf search`. */
export const command: CommandSpec = {
  name: 'search',
  use: 'search [OPTIONS] TERM',
  short: 'Search Docker Hub for images',
  flags: [
    FILTER_FLAG,
    { long: 'format', type: 'string', usage: 'Pretty-print search using a Go template' },
    { long: 'limit', type: 'int', usage: 'Max number of search results' },
    { long: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
