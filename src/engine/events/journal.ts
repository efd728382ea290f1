/**
 * The daemon's event journal: what `GET /events` streams. Every object change the user can see
 * (container create/start/die/…, image tag/delete/…, volume and network events) is published here
 * once, in Docker's message shape, after the change is persisted. Like dockerd, the journal keeps
 * the last 256 events in memory so `since` can replay them; nothing is written to disk.
 */

/** Docker's event types (`Type`). */
export type EventType = 'container' | 'image' | 'volume' | 'network' | 'daemon' | 'plugin' | 'node' | 'service' | 'secret' | 'config';

export interface EventActor { ID: string; Attributes: Record<string, string> }

/** One event, as Docker's `events.Message` (without the deprecated status/id/from: the wire adds them). */
export interface EngineEvent {
  Type: EventType;
  Action: string;
  Actor: EventActor;
  scope: 'local' | 'swarm';
  /** Unix seconds. */
  time: number;
  /** Unix nanoseconds (beyond a double's precision, hence bigint). */
  timeNano: bigint;
}

export type EventListener = (e: EngineEvent) => void;

/** dockerd's eventsLimit. */
export const JOURNAL_SIZE = 256;

export class EventJournal {
  readonly #recent: EngineEvent[] = [];
  readonly #listeners = new Set<EventListener>();
  #lastNano = 0n;

  /** Publishes an event now; returns it. */
  publish(type: EventType, action: string, actor: EventActor): EngineEvent {
    const e: EngineEvent = { Type: type, Action: action, Actor: actor, scope: 'local', time: 0, timeNano: this.#now() };
    e.time = Number(e.timeNano / 1_000_000_000n);
    this.#recent.push(e);
    if (this.#recent.length > JOURNAL_SIZE) this.#recent.shift();
    for (const fn of this.#listeners) fn(e);
    return e;
  }

  /** The events still kept, oldest first. */
  recent(): readonly EngineEvent[] {
    return this.#recent;
  }

  /** Follows every event published from now on; returns the unsubscribe function. */
  subscribe(fn: EventListener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Strictly increasing, so events keep their order when compared by time. */
  #now(): bigint {
    const wall = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    this.#lastNano = wall > this.#lastNano ? wall : this.#lastNano + 1n;
    return this.#lastNano;
  }
}
