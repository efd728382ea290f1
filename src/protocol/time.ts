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
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
  const unit = /^[+-]?(?:\d+\.?\d*|\.\d+)([^\d.]+)/.exec(text)?.[1];
  if (unit !== undefined && !(unit in NS_PER_UNIT)) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
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

/** strconv.ParseInt's failure, with Go's message (what dockerd answers for a bad `since`/`until`). */
export class ParseIntError extends Error {
  readonly code = 'PARSE_INT';
  constructor(readonly value: string, reason: 'invalid syntax' | 'value out of range') {
    super(`strconv.ParseInt: parsing ${JSON.stringify(value)}: ${reason}`);
  }
}

const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new ParseIntError(s, 'invalid syntax');
  const n = BigInt(s);
  if (n > INT64_MAX || n < -INT64_MAX - 1n) throw new ParseIntError(s, 'value out of range');
  return n;
}

/**
 * The API's `seconds[.fraction]` timestamp (docker's timetypes.ParseTimestamps) as Unix
 * nanoseconds. Like dockerd, the fraction is read as an integer and scaled by its digit count, so
 * `1.5` is 1.5 s; more than nine fraction digits are truncated to nanoseconds.
 */
export function parseUnixNanos(value: string): bigint {
  const dot = value.indexOf('.');
  const seconds = parseInt64(dot < 0 ? value : value.slice(0, dot));
  if (dot < 0) return seconds * 1_000_000_000n;
  const digits = value.slice(dot + 1);
  const frac = parseInt64(digits);
  const scale = 9 - digits.length;
  const nanos = scale >= 0 ? frac * 10n ** BigInt(scale) : frac / 10n ** BigInt(-scale);
  return seconds * 1_000_000_000n + nanos;
}
