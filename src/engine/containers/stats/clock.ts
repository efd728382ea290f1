/** The wall clock with nanoseconds, written as Go's RFC3339Nano in UTC (Docker's `read` times). */

/** Nanoseconds since the epoch (milliseconds from the wall clock, the rest from the monotonic clock). */
export function wallNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}

/** `2026-12-01T23:50:34.591177137Z`: trailing zeros of the fraction dropped, as Go writes it. */
export function rfc3339Nano(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}
