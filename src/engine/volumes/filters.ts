/**
 * Volume list and prune filters, as moby's volume service reads them (volume/service/convert.go):
 * list takes `dangling` (true/1 or false/0), `name` (a regular expression, or an exact name),
 * `driver` (exact) and `label`; prune takes `label`, `label!` and `all`. Another key is
 * `Invalid filter 'k'`, a bad boolean `Invalid filter 'dangling=[maybe]'`, as Docker words them.
 */
import type { Filters } from '../filters.js';
import { matchLabelFilters } from '../filters.js';
import { InvalidArgumentError } from '../errors.js';
import type { Volume } from '../../volume/volume.js';
import { ANONYMOUS_LABEL } from '../../volume/volume.js';

/** What a filter may ask of a volume beyond its record. */
export interface VolumeFacts { inUse(name: string): boolean }

const LIST_KEYS = new Set(['dangling', 'name', 'driver', 'label']);
const PRUNE_KEYS = new Set(['label', 'label!', 'all']);

function checkKeys(filters: Filters, keys: Set<string>): void {
  for (const k of filters.keys()) if (!keys.has(k)) throw new InvalidArgumentError(`Invalid filter '${k}'`);
}

/** A boolean filter's value: true/1 wins over false/0, as moby's ExactMatch order has it; absent: undefined. */
function boolFilter(filters: Filters, key: string): boolean | undefined {
  const vals = filters.get(key);
  if (!vals) return undefined;
  if (vals.includes('true') || vals.includes('1')) return true;
  if (vals.includes('false') || vals.includes('0')) return false;
  throw new InvalidArgumentError(`Invalid filter '${key}=[${vals.join(' ')}]'`);
}

/** Go's filters.Match: an exact value, or a value that is a regular expression matching the name. */
function matchName(patterns: string[], name: string): boolean {
  return patterns.some((p) => {
    if (p === name) return true;
    try {
      return new RegExp(p).test(name);
    } catch {
      return false;
    }
  });
}

/** The `GET /volumes` predicate (INVALID_ARGUMENT for an unknown key or a bad `dangling`). */
export function listMatcher(filters: Filters, facts: VolumeFacts): (v: Volume) => boolean {
  checkKeys(filters, LIST_KEYS);
  const dangling = boolFilter(filters, 'dangling');
  const names = filters.get('name');
  const drivers = filters.get('driver');
  return (v) => (dangling === undefined || facts.inUse(v.Name) !== dangling)
    && (!names || matchName(names, v.Name))
    && (!drivers || drivers.includes(v.Driver))
    && matchLabelFilters(v.Labels, filters);
}

/** The `POST /volumes/prune` predicate over unused local volumes: anonymous ones unless `all`. */
export function pruneMatcher(filters: Filters): (v: Volume) => boolean {
  checkKeys(filters, PRUNE_KEYS);
  const all = boolFilter(filters, 'all') ?? false;
  return (v) => v.Driver === 'local' && (all || v.Labels?.[ANONYMOUS_LABEL] !== undefined) && matchLabelFilters(v.Labels, filters);
}
