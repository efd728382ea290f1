/**
 * Go's time.ParseDuration and Duration.String, and docker's timetypes.GetTimestamp, used where users
 * write times: the CLI's `--since`/`--until`/duration flags and the daemon's `until` filters (filter
 * values arrive as the user typed them); and where Docker prints a duration in a message.
 */

const NS_PER_UNIT: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** Go's time.ParseDuration, in nanoseconds; throws with Go's message. */
export function parseGoDuration(text: string): number {
  const bad = new Error(`time: invalid duration ${JSON.stringify(text)}`);
  if (text === '0') return 0;
  const m = /^([+-]?)((?:\d*\.?\d+(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!m || !m[2]) throw bad;
  let total = 0;
  for (const part of m[2].matchAll(/(\d*\.?\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (NS_PER_UNIT[part[2] ?? ''] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

/** Go's Duration.String of `ns` nanoseconds: `0s`, `750ns`, `1.5µs`, `500ms`, `30s`, `1m30s`, `2h0m0s`. */
export function formatGoDuration(ns: number): string {
  const sign = ns < 0 ? '-' : '';
  let u = Math.abs(Math.round(ns));
  if (u === 0) return '0s';
  if (u < 1e3) return `${sign}${u}ns`;
  if (u < 1e6) return `${sign}${decimal(u, 3)}µs`;
  if (u < 1e9) return `${sign}${decimal(u, 6)}ms`;
  const h = Math.floor(u / 3600e9);
  u -= h * 3600e9;
  const m = Math.floor(u / 60e9);
  u -= m * 60e9;
  const s = `${decimal(u, 9)}s`;
  return sign + (h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s);
}

/** `v / 10^digits` written without trailing zeros (Go's fmtFrac + fmtInt). */
function decimal(v: number, digits: number): string {
  const unit = 10 ** digits;
  const whole = Math.floor(v / unit);
  const frac = String(v - whole * unit).padStart(digits, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** A value that is neither a duration, a date nor Unix seconds. */
export class InvalidTimestampError extends Error {
  readonly code = 'INVALID_TIMESTAMP';
  constructor(readonly value: string) {
    super(`failed to parse value as time or duration: "${value}"`);
  }
}

/**
 * timetypes.GetTimestamp: a Go duration (`42m`) is taken back from now, an RFC 3339 date or
 * date-time becomes Unix seconds with nanoseconds, Unix seconds pass through. Returns the API's
 * `seconds[.nanoseconds]` form.
 */
export function getTimestamp(value: string, nowMs: number = Date.now()): string {
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
  if (Number.isNaN(ms)) throw new InvalidTimestampError(value);
  return secondsString(ms * 1e6);
}

function secondsString(ns: number): string {
  const s = Math.floor(ns / 1e9);
  const frac = Math.round(ns - s * 1e9);
  return `${s}.${String(frac).padStart(9, '0')}`;
}
