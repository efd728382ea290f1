/**
 * Statistics on the wire: one JSON document per sample and newline, as Go's json.Encoder writes it.
 * u64 counters are bigints in the engine; they are written as bare JSON numbers, digit for digit
 * (JSON.stringify cannot, and a Number would round 9223372036854771712).
 */
import type { StatsSample } from '../../engine/engine.js';

/** Marks a bigint while JSON.stringify runs; no string of a sample holds a NUL. */
const MARK = '\u0000u64:';
const MARKED = /"\\u0000u64:(\d+)"/g;

export function statsJson(sample: StatsSample): string {
  const text = JSON.stringify(sample, (_key, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v));
  return `${text.replace(MARKED, '$1')}\n`;
}
