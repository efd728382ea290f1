/**
 * docker's search formatter (cli/command/registry/formatter_search.go, CLI 28): NAME, DESCRIPTION
 * (newlines folded to spaces, cut to 45 columns with `…` unless --no-trunc), STARS, OFFICIAL
 * (`[OK]` or empty; `true`/`false` in JSON). CLI 28 has no IsAutomated field: a template naming it
 * fails as docker's does.
 */
import type { SearchResult } from '../../client/api/registry.js';
import { goMarshal } from './container-context.js';
import { ellipsis } from './quote.js';
import { TYPE_NAME } from './template/exec.js';

export const DEFAULT_SEARCH_TABLE = 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}';

export const searchHeader = { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL' };

/** One search result as template data. */
export class SearchContext {
  readonly [TYPE_NAME] = '*registry.searchContext';
  #json = false;
  constructor(readonly s: SearchResult, readonly trunc: boolean) {}

  Name(): string { return this.s.name; }
  Description(): string {
    const d = (this.s.description ?? '').replaceAll('\n', ' ').replaceAll('\r', ' ');
    return this.trunc ? ellipsis(d, 45) : d;
  }
  StarCount(): string { return String(this.s.star_count ?? 0); }
  IsOfficial(): string {
    if (this.#json) return this.s.is_official ? 'true' : 'false';
    return this.s.is_official ? '[OK]' : '';
  }

  /** docker's MarshalJSON: every field as a string, keys sorted. */
  marshalJSON(): string {
    this.#json = true;
    try {
      return goMarshal({ Description: this.Description(), IsOfficial: this.IsOfficial(), Name: this.Name(), StarCount: this.StarCount() });
    } finally {
      this.#json = false;
    }
  }
}
