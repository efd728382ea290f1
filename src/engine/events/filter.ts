/**
 * Which events a `filters` parameter lets through, as dockerd's daemon/events/filter.go decides.
 * Values of one key are alternatives; different keys must all match; an absent key matches all.
 * - `type`, `scope`: exact.
 * - `event`: the action, exact — or, when a value is `exec_create`, `exec_start` or `health_status`
 *   (actions that carry a suffix, `exec_start: sh -c …`), any value may be a prefix of the action.
 * - `container`, `volume`, `network`, `daemon`, `plugin`, `node`, `service`, `secret`, `config`: a
 *   prefix of the actor's ID or of its `name` attribute (whatever the event's type).
 * - `image`: exact, against the actor ID and the image name (`name` of image events, `image` of
 *   others), each also without its tag or digest (`busybox` matches `busybox:latest`).
 * - `label`: every `key` or `key=value` must be among the attributes.
 * dockerd accepts any key and ignores the unknown ones; Wharf refuses them, as its list filters do.
 */
import { parseNormalizedNamed, familiarName } from '../../reference/reference.js';
import { InvalidArgumentError } from '../errors.js';
import type { Filters } from '../filters.js';
import type { EngineEvent } from './journal.js';

/** Filter keys matched by actor ID or name prefix: each is also the event type it is named after. */
const BY_NAME = ['container', 'volume', 'network', 'daemon', 'plugin', 'node', 'service', 'secret', 'config'] as const;

const KEYS = new Set<string>([...BY_NAME, 'type', 'scope', 'event', 'image', 'label']);

/** Actions reported with a suffix; asking for one of them matches by prefix. */
const SUFFIXED = new Set(['exec_create', 'exec_start', 'health_status']);

export class EventFilter {
  readonly #f: Filters;

  /** Throws INVALID_ARGUMENT for a key dockerd does not know. */
  constructor(filters: Filters) {
    for (const k of filters.keys()) if (!KEYS.has(k)) throw new InvalidArgumentError(`invalid filter '${k}'`);
    this.#f = filters;
  }

  includes(e: EngineEvent): boolean {
    const name = e.Actor.Attributes['name'];
    return this.#action(e.Action)
      && this.#exact('type', e.Type)
      && this.#exact('scope', e.scope)
      && BY_NAME.every((k) => this.#prefix(k, e.Actor.ID) || this.#prefix(k, name))
      && this.#image(e)
      && this.#labels(e.Actor.Attributes);
  }

  #values(key: string): string[] | undefined {
    const v = this.#f.get(key);
    return v && v.length > 0 ? v : undefined;
  }

  #exact(key: string, source: string | undefined): boolean {
    const v = this.#values(key);
    return !v || (source !== undefined && v.includes(source));
  }

  #prefix(key: string, source: string | undefined): boolean {
    const v = this.#values(key);
    return !v || (source !== undefined && v.some((p) => source.startsWith(p)));
  }

  #action(action: string): boolean {
    const fuzzy = this.#values('event')?.some((v) => SUFFIXED.has(v));
    return fuzzy ? this.#prefix('event', action) : this.#exact('event', action);
  }

  #image(e: EngineEvent): boolean {
    if (!this.#values('image')) return true;
    const name = e.Actor.Attributes[e.Type === 'image' ? 'name' : 'image'];
    const candidates = [e.Actor.ID, stripTag(e.Actor.ID), ...(name === undefined ? [] : [name, stripTag(name)])];
    return candidates.some((c) => this.#exact('image', c));
  }

  #labels(attrs: Record<string, string>): boolean {
    const v = this.#values('label');
    if (!v) return true;
    return v.every((kv) => {
      const eq = kv.indexOf('=');
      const have = attrs[eq < 0 ? kv : kv.slice(0, eq)];
      return have !== undefined && (eq < 0 || have === kv.slice(eq + 1));
    });
  }
}

/** The repository alone, in its familiar form (moby's stripTag); the input when it is no reference. */
function stripTag(image: string): string {
  try {
    return familiarName(parseNormalizedNamed(image));
  } catch {
    return image;
  }
}
