/** System endpoints: `/_ping`, `/version`, `/info`, `/events`. */
import type { Transport } from '../transport.js';
import { readLines } from '../json-stream.js';
import { ProtocolError } from '../errors.js';
import type { InfoResponse, VersionResponse } from './types.js';

/** `GET /version`. */
export function getVersion(t: Transport): Promise<VersionResponse> {
  return t.json<VersionResponse>({ method: 'GET', path: '/version' });
}

/** `GET /info`. */
export function getInfo(t: Transport): Promise<InfoResponse> {
  return t.json<InfoResponse>({ method: 'GET', path: '/info' });
}

/** One message of `GET /events` (events.Message), with `timeNano` exact. */
export interface EventMessage {
  status?: string;
  id?: string;
  from?: string;
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: bigint;
}

export interface EventsQuery {
  /** The API's form (Unix seconds[.fraction]); the caller converts what users type. */
  since?: string;
  until?: string;
  filters?: Record<string, Record<string, boolean>>;
}

/**
 * Reads `timeNano` from the raw line: JSON.parse would round an int64 of nanoseconds to a double.
 * The last match is the message's own (it is its last field; a quote inside strings is escaped).
 */
function timeNanoOf(line: string): bigint | undefined {
  const all = [...line.matchAll(/"timeNano":(-?\d+)/g)];
  const last = all[all.length - 1];
  return last ? BigInt(last[1]!) : undefined;
}

/** Parses one line of the events stream. */
export function parseEventLine(line: string): EventMessage {
  let m: EventMessage;
  try {
    m = JSON.parse(line) as EventMessage;
  } catch {
    throw new ProtocolError(`invalid JSON in events stream: ${line.slice(0, 200)}`);
  }
  const nano = timeNanoOf(line);
  return nano === undefined ? m : { ...m, timeNano: nano };
}

/** `GET /events?since=&until=&filters=`: the messages as they come, until the daemon ends the stream. */
export async function* systemEvents(t: Transport, o: EventsQuery, signal?: AbortSignal): AsyncGenerator<EventMessage> {
  const filters = o.filters && Object.keys(o.filters).length > 0 ? JSON.stringify(o.filters) : undefined;
  const res = await t.request({ method: 'GET', path: '/events', query: { since: o.since || undefined, until: o.until || undefined, filters }, ...(signal ? { signal } : {}) });
  for await (const line of readLines(res)) yield parseEventLine(line);
}
