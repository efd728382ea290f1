/**
 * Network list and prune filters, as moby reads them (daemon/network/filter.go, daemon/prune.go):
 * list takes `driver` and `scope` (exact), `name` and `id` (an exact value or a regular expression,
 * Go's filters.Match), `label`, `type` (`custom` or `builtin`) and `dangling` (user networks no
 * container uses); prune takes `until`, `label` and `label!`. Errors in Docker's words.
 */
import type { Filters } from '../filters.js';
import { matchLabelFilters, parseUntil } from '../filters.js';
import { InvalidArgumentError } from '../errors.js';
import { isPredefined, type Network } from '../../network/network.js';

const LIST_KEYS = new Set(['driver', 'id', 'label', 'name', 'scope', 'type', 'dangling']);
const PRUNE_KEYS = new Set(['until', 'label', 'label!']);

function checkKeys(filters: Filters, keys: Set<string>): void {
  for (const k of filters.keys()) if (!keys.has(k)) throw new InvalidArgumentError(`Invalid filter '${k}'`);
}

/** Go's filters.Match: an exact value, or a value that is a regular expression matching `s`. */
function match(patterns: string[], s: string): boolean {
  return patterns.some((p) => {
    if (p === s) return true;
    try {
      return new RegExp(p).test(s);
    } catch {
      return false;
    }
  });
}

function danglingFilter(filters: Filters): boolean | undefined {
  const vals = filters.get('dangling');
  if (!vals) return undefined;
  if (vals.includes('true') || vals.includes('1')) return true;
  if (vals.includes('false') || vals.includes('0')) return false;
  throw new InvalidArgumentError(`invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`);
}

function typeFilter(filters: Filters): Set<string> | undefined {
  const vals = filters.get('type');
  if (!vals) return undefined;
  const bad = vals.find((v) => v !== 'custom' && v !== 'builtin');
  if (bad !== undefined) throw new InvalidArgumentError(`invalid filter: 'type'='${bad}'`);
  return new Set(vals);
}

/** Whether a container uses the network (always false until containers join networks). */
export type InUse = (n: Network) => boolean;

/** The `GET /networks` predicate (INVALID_ARGUMENT for an unknown key or a bad value). */
export function listMatcher(filters: Filters, inUse: InUse): (n: Network) => boolean {
  checkKeys(filters, LIST_KEYS);
  const dangling = danglingFilter(filters);
  const types = typeFilter(filters);
  const get = (k: string) => filters.get(k);
  return (n) => (!get('driver') || get('driver')!.includes(n.Driver))
    && (!get('scope') || get('scope')!.includes(n.Scope))
    && (!get('name') || match(get('name')!, n.Name))
    && (!get('id') || match(get('id')!, n.Id))
    && matchLabelFilters(n.Labels, filters)
    && (!types || types.has(isPredefined(n.Name) ? 'builtin' : 'custom'))
    // moby: dangling=true keeps unused user networks; false keeps predefined and used ones.
    && (dangling === undefined || (!isPredefined(n.Name) && !inUse(n)) === dangling);
}

/** The `POST /networks/prune` predicate over unused user networks. */
export function pruneMatcher(filters: Filters): (n: Network) => boolean {
  checkKeys(filters, PRUNE_KEYS);
  const untils = filters.get('until') ?? [];
  if (untils.length > 1) throw new InvalidArgumentError('more than one until filter specified');
  const until = untils.length ? parseUntil(untils[0]!) : undefined;
  return (n) => !isPredefined(n.Name) && (until === undefined || Date.parse(n.Created) / 1000 < until) && matchLabelFilters(n.Labels, filters);
}
