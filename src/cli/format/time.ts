/** Time rendering as Go prints it: `time.Time.String()` and docker's "N units ago". */
import { humanDuration } from '../../util/go-units.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's `time.Unix(s, 0).String()` in local time: `2026-11-24 02:55:09 +0000 UTC`. */
export function goTimeString(unixSeconds: number, now: Date = new Date(unixSeconds * 1000)): string {
  const d = now;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const zone = off === 0 && !process.env['TZ']?.trim() ? 'UTC' : zoneAbbreviation(d);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} `
    + `${sign}${pad(Math.trunc(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)} ${zone}`;
}

function zoneAbbreviation(d: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  const name = part?.value ?? 'UTC';
  return name === 'GMT' ? 'UTC' : name;
}

/** docker's `HumanDuration(now - t) + " ago"` for a unix time in seconds. */
export function timeAgo(unixSeconds: number, nowMs: number = Date.now()): string {
  return `${humanDuration(nowMs - unixSeconds * 1000)} ago`;
}

/** Go's `time.Unix(0, ns).Format(jsonmessage.RFC3339NanoFixed)` in local time: `2026-12-01T23:59:59.000000001Z`. */
export function rfc3339NanoFixed(ns: bigint): string {
  const ms = Number(ns / 1_000_000n) - (ns % 1_000_000n < 0n ? 1 : 0);
  const d = new Date(ms);
  const frac = ((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T`
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${String(frac).padStart(9, '0')}${zone}`;
}
