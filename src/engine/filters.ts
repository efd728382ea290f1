/** Filter helpers shared by image listing and pruning: labels (`label`, `label!`) and `until`. */
import { invalidArgument } from './errors.js';

function hasLabel(labels: Record<string, string> | null | undefined, w: string): boolean {
  const eq = w.indexOf('=');
  if (eq < 0) return labels?.[w] !== undefined;
  return labels?.[w.slice(0, eq)] === w.slice(eq + 1);
}

/** `label=k[=v]` must all match; `label!=k[=v]` must all not match. */
export function matchLabelFilters(labels: Record<string, string> | null | undefined, filters: Map<string, string[]>): boolean {
  return (filters.get('label') ?? []).every((w) => hasLabel(labels, w))
    && (filters.get('label!') ?? []).every((w) => !hasLabel(labels, w));
}

const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * An `until` value as Unix seconds: a Go duration before now (`24h`, `1h30m`), Unix seconds
 * (`1700000000[.5]`), or an RFC 3339 / date timestamp.
 */
export function parseUntil(v: string, now = Date.now()): number {
  const dur = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(v) ? v.match(/\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)/g) : null;
  if (dur) {
    const secs = dur.reduce((sum, part) => {
      const unit = /[a-zµ]+$/.exec(part)![0];
      return sum + Number.parseFloat(part) * UNITS[unit]!;
    }, 0);
    return now / 1000 - secs;
  }
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalidArgument(`failed to parse value as time or duration: "${v}"`);
  return t / 1000;
}
