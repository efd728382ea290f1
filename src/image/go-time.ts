/**
 * Go's `time.Time` JSON form as Docker 20.10 (Go 1.19) reads and writes it: `UnmarshalJSON`
 * parses the raw literal with layout RFC3339, and `MarshalJSON` writes RFC3339Nano. Go 1.19's
 * parser is more lenient than RFC 3339 (a one-digit hour, a comma before the fraction, more
 * than 9 fraction digits, which are cut), and the written form keeps the parsed offset except
 * that a zero offset becomes `Z`. Image IDs depend on these bytes, so they are followed exactly.
 */

/** A parsed time: the wall clock fields as written, and the zone offset in seconds. */
export interface GoTime {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  nanos: number; offset: number;
}

/** Go's zero time (`0001-01-01T00:00:00Z`), what a v1 JSON without `created` gives. */
export const ZERO_TIME: GoTime = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0, offset: 0 };

/** A `created` value Go's time parser refuses. */
export class GoTimeError extends Error {
  readonly code = 'INVALID_TIME';
  constructor(readonly input: string, reason: string) {
    super(`parsing time ${JSON.stringify(input)}: ${reason}`);
  }
}

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses the text between the quotes of a JSON time literal (escapes are not decoded, as in Go). */
export function parseGoTime(s: string): GoTime {
  const m = SHAPE.exec(s);
  if (!m) throw new GoTimeError(s, 'not in RFC 3339 layout 2006-01-02T15:04:05Z07:00');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) throw new GoTimeError(s, 'month out of range');
  if (hour > 23) throw new GoTimeError(s, 'hour out of range');
  if (minute > 59) throw new GoTimeError(s, 'minute out of range');
  if (second > 59) throw new GoTimeError(s, 'second out of range');
  if (day < 1 || day > daysIn(month, year)) throw new GoTimeError(s, 'day out of range');
  const nanos = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
  return { year, month, day, hour, minute, second, nanos, offset };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** RFC3339Nano as Go writes it: no trailing zeros in the fraction, `Z` for a zero offset. */
export function formatGoTime(t: GoTime): string {
  const frac = t.nanos > 0 ? `.${pad(t.nanos, 9).replace(/0+$/, '')}` : '';
  const minutes = Math.abs(t.offset) / 60;
  const zone = t.offset === 0 ? 'Z' : `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${frac}${zone}`;
}
