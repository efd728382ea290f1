/**
 * The `filters` query parameter: JSON `{"key":{"value":true}}` (current) or `{"key":["value"]}`
 * (legacy), both accepted as Docker does. Container filters: id, name, label, exited, status,
 * ancestor, before, since.
 */
import type { ContainerRecord } from '../engine/containers/record.js';
import { ApiError } from './errors.js';
import type { Engine } from './engine.js';

export type Filters = Map<string, string[]>;

export function parseFilters(raw: string | null): Filters {
  const out: Filters = new Map();
  if (!raw) return out;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw new ApiError(400, `invalid filter: ${raw}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new ApiError(400, `invalid filter: ${raw}`);
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (Array.isArray(v)) out.set(k, v.map(String));
    else if (v && typeof v === 'object') out.set(k, Object.entries(v).filter(([, on]) => on).map(([val]) => val));
    else throw new ApiError(400, `invalid filter: ${raw}`);
  }
  return out;
}

/** `label=k` or `label=k=v` against a label map. */
export function matchLabels(labels: Record<string, string> | null | undefined, wanted: string[]): boolean {
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) return labels?.[w] !== undefined;
    return labels?.[w.slice(0, eq)] === w.slice(eq + 1);
  });
}

const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

type Pred = (r: ContainerRecord, values: string[], engine: Engine) => boolean;

const CONTAINER_FILTERS: Record<string, Pred> = {
  id: (r, vs) => vs.some((v) => r.Id.startsWith(v)),
  name: (r, vs) => vs.some((v) => {
    try { return new RegExp(v).test(r.Name.slice(1)) || new RegExp(v).test(r.Name); } catch { return r.Name.includes(v); }
  }),
  label: (r, vs) => matchLabels(r.Config.Labels, vs),
  exited: (r, vs) => r.State.Status === 'exited' && vs.some((v) => Number(v) === r.State.ExitCode),
  status: (r, vs) => vs.includes(r.State.Status),
  ancestor: (r, vs, engine) => vs.some((v) => {
    const img = engine.images.find(v);
    return img ? img.id === r.Image : false;
  }),
  before: (r, vs, engine) => vs.every((v) => {
    const ref = engine.containers.store.get(v);
    return r.Created < ref.Created;
  }),
  since: (r, vs, engine) => vs.every((v) => {
    const ref = engine.containers.store.get(v);
    return r.Created > ref.Created;
  }),
};

export function filterContainers(recs: ContainerRecord[], filters: Filters, engine: Engine): ContainerRecord[] {
  for (const [key, values] of filters) {
    if (!CONTAINER_FILTERS[key]) throw new ApiError(400, `invalid filter '${key}'`);
    if (key === 'status') {
      const bad = values.find((v) => !STATUSES.includes(v));
      if (bad) throw new ApiError(400, `invalid filter 'status=${bad}'`);
    }
  }
  return recs.filter((r) => [...filters].every(([k, vs]) => vs.length === 0 || CONTAINER_FILTERS[k]!(r, vs, engine)));
}
