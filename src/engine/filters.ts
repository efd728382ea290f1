/**
 * List and prune filters, as Docker's `filters` parameter carries them (parsed by the API): a key
 * with the values asked for. Helpers shared by containers and images: labels (`label`, `label!`)
 * and `until`.
 */
import { InvalidArgumentError } from './errors.js';
import { getTimestamp } from '../protocol/time.js';

/** Filter key → values. */
export type Filters = Map<string, string[]>;

function hasLabel(labels: Record<string, string> | null | undefined, w: string): boolean {
  const eq = w.indexOf('=');
  if (eq < 0) return labels?.[w] !== undefined;
  return labels?.[w.slice(0, eq)] === w.slice(eq + 1);
}

/** `label=k[=v]` must all match; `label!=k[=v]` must all not match. */
export function matchLabelFilters(labels: Record<string, string> | null | undefined, filters: Filters): boolean {
  return (filters.get('label') ?? []).every((w) => hasLabel(labels, w))
    && (filters.get('label!') ?? []).every((w) => !hasLabel(labels, w));
}

/**
 * An `until` value as Unix seconds: a Go duration before now (`24h`, `1h30m`), Unix seconds
 * (`1700000000[.5]`), or an RFC 3339 / date timestamp (docker's timetypes.GetTimestamp).
 */
export function parseUntil(v: string, now = Date.now()): number {
  try {
    return Number(getTimestamp(v, now));
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}
