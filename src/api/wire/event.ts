/**
 * An event as dockerd writes it on `GET /events` (events.Message): container and image events also
 * carry the deprecated `status`, `id` and `from` of the old JSONMessage form (API 1.50 still sends
 * them; each is left out when empty), and `timeNano` is an exact int64, written from the bigint.
 */
import type { EngineEvent } from '../../engine/engine.js';

function legacyFields(e: EngineEvent): Record<string, string> {
  if (e.Type !== 'container' && e.Type !== 'image') return {};
  const from = e.Type === 'container' ? e.Actor.Attributes['image'] : undefined;
  return { ...(e.Action ? { status: e.Action } : {}), ...(e.Actor.ID ? { id: e.Actor.ID } : {}), ...(from ? { from } : {}) };
}

/** One event as a line of JSON. */
export function eventLine(e: EngineEvent): Buffer {
  const head = { ...legacyFields(e), Type: e.Type, Action: e.Action, Actor: e.Actor, scope: e.scope, time: e.time };
  return Buffer.from(`${JSON.stringify(head).slice(0, -1)},"timeNano":${e.timeNano}}\n`);
}
