/**
 * The time window of an events request, as dockerd reads `since` and `until` (API form: Unix
 * seconds with an optional fraction; the client converts durations and dates). Either one makes
 * the kept events replay (since ≤ time ≤ until, both inclusive); `since` bounds only the replay,
 * not what arrives live. `until` ends the stream once it has passed; an `until` already past means
 * the replay alone. dockerd's quirk is kept: `until=0` bounds nothing in the replay but, being
 * past, still ends the stream after it.
 */
import { parseUnixNanos, ParseIntError } from '../../protocol/time.js';
import { InvalidArgumentError } from '../errors.js';
import type { EngineEvent } from './journal.js';

export interface EventWindow {
  /** Unix nanoseconds; undefined when not asked for. */
  since?: bigint;
  until?: bigint;
}

function nanos(value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return parseUnixNanos(value);
  } catch (e) {
    if (e instanceof ParseIntError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

/** Parses and checks `since`/`until` with dockerd's messages. */
export function eventWindow(since?: string, until?: string): EventWindow {
  const w: EventWindow = { since: nanos(since), until: nanos(until) };
  if (w.until !== undefined && w.until < (w.since ?? w.until)) {
    throw new InvalidArgumentError(`\`since\` time (${since}) cannot be after \`until\` time (${until})`);
  }
  return w;
}

/** Whether kept events are replayed at all. */
export function replays(w: EventWindow): boolean {
  return w.since !== undefined || w.until !== undefined;
}

/** Whether a kept event falls in the replay. */
export function inReplay(w: EventWindow, e: EngineEvent): boolean {
  if (w.since !== undefined && e.timeNano < w.since) return false;
  return !(w.until !== undefined && w.until > 0n && e.timeNano > w.until);
}
