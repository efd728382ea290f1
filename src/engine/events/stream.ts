/**
 * `GET /events` in the engine: the kept events of the window first (events/window.ts), then live
 * ones, all through the filter (events/filter.ts), until `until` has passed or the reader aborts.
 * The reader subscribes before it looks at the journal, in the same turn, so no event falls
 * between the replay and the live part, and none comes twice. Live events wait in a bounded queue
 * while the client is slow; past its bound they are dropped, as dockerd drops events a subscriber
 * does not take in time.
 */
import type { EventStream, EventsOptions } from '../engine.js';
import type { EngineEvent, EventJournal } from './journal.js';
import { EventFilter } from './filter.js';
import { eventWindow, inReplay, replays, type EventWindow } from './window.js';

/** Live events kept for a slow reader (dockerd's subscriber buffer). */
export const LIVE_QUEUE_LIMIT = 1024;

/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Validates the options (INVALID_ARGUMENT with dockerd's messages) and returns the stream to read. */
export function openEventStream(journal: EventJournal, o: EventsOptions, now: () => bigint = wallNanos): EventStream {
  const window = eventWindow(o.since, o.until);
  const filter = new EventFilter(o.filters ?? new Map());
  return { read: (emit, signal) => follow(journal, window, filter, now, emit, signal) };
}

export function wallNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

async function follow(
  journal: EventJournal, w: EventWindow, filter: EventFilter, now: () => bigint,
  emit: (e: EngineEvent) => void | Promise<void>, signal?: AbortSignal,
): Promise<void> {
  const live = new LiveQueue();
  const off = journal.subscribe((e) => { if (filter.includes(e)) live.push(e); });
  const ended = endOf(w, now, signal);
  try {
    const kept = replays(w) ? journal.recent().filter((e) => inReplay(w, e) && filter.includes(e)) : [];
    for (const e of kept) {
      if (signal?.aborted) return; // a passed `until` does not cut the replay
      await emit(e);
    }
    if (w.until !== undefined && w.until < now()) return;
    for (let e = await live.next(ended); e && !ended.done; e = await live.next(ended)) {
      if (w.until !== undefined && e.timeNano > w.until) return;
      await emit(e);
    }
  } finally {
    off();
    ended.cancel();
  }
}

/** Settles when the reader aborts or `until` passes; `done` tells whether it has. */
interface End { readonly done: boolean; readonly promise: Promise<void>; cancel(): void }

function endOf(w: EventWindow, now: () => bigint, signal?: AbortSignal): End {
  let timer: NodeJS.Timeout | undefined;
  let resolve!: () => void;
  const state = { done: false, promise: new Promise<void>((r) => (resolve = r)), cancel: () => clearTimeout(timer) };
  const finish = () => { state.done = true; resolve(); };
  if (signal?.aborted) finish();
  signal?.addEventListener('abort', finish, { once: true });
  const arm = () => {
    if (w.until === undefined) return;
    const ms = Number((w.until - now()) / 1_000_000n) + 1;
    if (ms <= 0) return finish();
    timer = setTimeout(arm, Math.min(ms, MAX_TIMER_MS));
  };
  arm();
  const cancel = state.cancel;
  state.cancel = () => { cancel(); signal?.removeEventListener('abort', finish); };
  return state;
}

/** Live events waiting for the reader. */
class LiveQueue {
  readonly #items: EngineEvent[] = [];
  #wake: (() => void) | undefined;

  push(e: EngineEvent): void {
    if (this.#items.length >= LIVE_QUEUE_LIMIT) return;
    this.#items.push(e);
    this.#wake?.();
  }

  /** The next event, or undefined once `end` settles first. */
  async next(end: End): Promise<EngineEvent | undefined> {
    if (this.#items.length === 0 && !end.done) {
      await Promise.race([new Promise<void>((r) => (this.#wake = r)), end.promise]);
      this.#wake = undefined;
    }
    return end.done ? undefined : this.#items.shift();
  }
}
