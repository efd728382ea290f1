/**
 * `docker events` output: the default line (`<time> <type> <action> <id> (k=v, …)`, attributes
 * sorted, time in local RFC 3339 with nanoseconds) and the `--format` context, which is
 * events.Message itself: Go field names for templates (`{{.Actor.Attributes.name}}`, `{{.TimeNano}}`),
 * its JSON tags for `{{json .}}` (empty deprecated fields left out, attribute keys sorted as Go
 * marshals a map).
 */
import type { EventMessage } from '../../client/api/system.js';
import { TYPE_NAME } from './template/exec.js';
import { rfc3339NanoFixed } from './time.js';

function sortedAttributes(a: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(a).sort().map((k) => [k, a[k]!]));
}

/** docker's prettyPrintEvent. */
export function eventLine(m: EventMessage): string {
  const nano = m.timeNano ?? (m.time ? BigInt(m.time) * 1_000_000_000n : undefined);
  const when = nano !== undefined && nano !== 0n ? `${rfc3339NanoFixed(nano)} ` : '';
  const attrs = Object.entries(sortedAttributes(m.Actor?.Attributes ?? {})).map(([k, v]) => `${k}=${v}`);
  return `${when}${m.Type} ${m.Action} ${m.Actor?.ID ?? ''}${attrs.length > 0 ? ` (${attrs.join(', ')})` : ''}\n`;
}

class ActorContext {
  readonly [TYPE_NAME] = 'events.Actor';
  constructor(readonly ID: string, readonly Attributes: Record<string, string>) {}

  marshalJSON(): string {
    return JSON.stringify({ ID: this.ID, Attributes: sortedAttributes(this.Attributes) });
  }
}

/** One event as template data (the fields of events.Message). */
export class EventContext {
  readonly [TYPE_NAME]: string;
  readonly Status: string;
  readonly ID: string;
  readonly From: string;
  readonly Type: string;
  readonly Action: string;
  readonly Actor: ActorContext;
  readonly Scope: string;
  readonly Time: number;
  readonly TimeNano: bigint;

  /** `typeName`: what template errors call the type (docker checks a template on a `*events.Message` first). */
  constructor(m: EventMessage, typeName = 'events.Message') {
    this[TYPE_NAME] = typeName;
    this.Status = m.status ?? '';
    this.ID = m.id ?? '';
    this.From = m.from ?? '';
    this.Type = m.Type ?? '';
    this.Action = m.Action ?? '';
    this.Actor = new ActorContext(m.Actor?.ID ?? '', m.Actor?.Attributes ?? {});
    this.Scope = m.scope ?? '';
    this.Time = m.time ?? 0;
    this.TimeNano = m.timeNano ?? 0n;
  }

  /** Go's encoding of events.Message: fields in declaration order, `omitempty` ones left out when empty. */
  marshalJSON(): string {
    const q = JSON.stringify;
    const fields = [
      this.Status && `"status":${q(this.Status)}`, this.ID && `"id":${q(this.ID)}`, this.From && `"from":${q(this.From)}`,
      `"Type":${q(this.Type)}`, `"Action":${q(this.Action)}`, `"Actor":${this.Actor.marshalJSON()}`,
      this.Scope && `"scope":${q(this.Scope)}`, this.Time && `"time":${this.Time}`, this.TimeNano && `"timeNano":${this.TimeNano}`,
    ];
    return `{${fields.filter(Boolean).join(',')}}`;
  }
}

/** The empty message docker runs a template on before any event, to report a bad field at once. */
export const EMPTY_EVENT = new EventContext({ Type: '', Action: '', Actor: { ID: '', Attributes: {} } }, '*events.Message');
