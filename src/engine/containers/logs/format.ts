/**
 * The k8s-file log format conmon writes: one record per line,
 * `<RFC 3339 time with offset> <stdout|stderr> <F|P> <bytes>`, where P marks a partial record (no
 * newline followed the bytes in the container's output). Times become Docker's UTC `…Z` form.
 */
import type { LogEntry } from '../../engine.js';

const NEWLINE = Buffer.from('\n');

/** Parses one record (bytes, without its newline); undefined for a line that is not one. */
export function parseLogLine(line: Buffer): LogEntry | undefined {
  const a = line.indexOf(0x20);
  const b = line.indexOf(0x20, a + 1);
  const c = line.indexOf(0x20, b + 1);
  if (a < 0 || b < 0) return undefined;
  const stream = line.subarray(a + 1, b).toString('latin1');
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const partial = line[b + 1] === 0x50; // 'P'
  const text = c < 0 ? Buffer.alloc(0) : line.subarray(c + 1);
  return { stream, time: utcTime(line.subarray(0, a).toString('latin1')), data: partial ? Buffer.from(text) : Buffer.concat([text, NEWLINE]) };
}

/** `2026-11-24T03:56:53.057635834+01:00` → `2026-11-24T02:56:53.057635834Z` (nanoseconds kept). */
export function utcTime(t: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(t);
  if (!m) return t;
  if (m[3] === 'Z' || m[3] === '+00:00' || m[3] === '-00:00') return `${m[1]}${m[2] ?? ''}Z`;
  const utc = new Date(Date.parse(`${m[1]}${m[3]}`)).toISOString().slice(0, 19);
  return `${utc}${m[2] ?? ''}Z`;
}

/** Unix seconds (fractional) of an entry's time. */
export function entrySeconds(e: LogEntry): number {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(e.time);
  if (!m) return 0;
  return Date.parse(`${m[1]}Z`) / 1000 + Number(`0.${m[2] ?? '0'}`);
}
