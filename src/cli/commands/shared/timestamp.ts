/**
 * docker's timetypes.GetTimestamp for `--since`/`--until`: a Go duration (`42m`) is taken back from
 * now, an RFC 3339 date or date-time becomes unix seconds with nanoseconds, a number passes through.
 */
import { parseGoDuration } from '../../flags/values.js';

/** Converts a user time value to the API's `seconds.nanoseconds` form. */
export function apiTimestamp(value: string, nowMs: number = Date.now()): string {
  if (value === '') return '';
  if (/^\d+(\.\d{1,9})?$/.test(value)) return value;
  try {
    const ns = parseGoDuration(value);
    return secondsString(nowMs * 1e6 - ns);
  } catch {
    /* not a duration */
  }
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(value) || !value.includes('T') ? value : `${value}Z`;
  const ms = Date.parse(/^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : withZone);
  if (Number.isNaN(ms)) throw new Error(`failed to parse value as time or duration: "${value}"`);
  return secondsString(ms * 1e6);
}

function secondsString(ns: number): string {
  const s = Math.floor(ns / 1e9);
  const frac = Math.round(ns - s * 1e9);
  return `${s}.${String(frac).padStart(9, '0')}`;
}
