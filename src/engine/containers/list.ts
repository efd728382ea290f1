/**
 * `GET /containers/json`: newest first; running ones only unless `all`, a `status` filter, or a
 * `limit` > 0 asks for more (Docker counts stopped containers whenever a limit is given). Filters:
 * id, name, label, exited, status, ancestor, before, since, health.
 */
import type { ContainerListOptions } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { matchLabelFilters } from '../filters.js';
import type { ImageResolver } from './deps.js';
import { type ContainerRecord, countsAsRunning } from './record.js';
import type { ContainerStore } from './store.js';

const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];
/** `none`: no healthcheck that probes (Docker's NoHealthcheck). */
const HEALTH = ['starting', 'healthy', 'unhealthy', 'none'];

interface ListContext { store: ContainerStore; images: ImageResolver }

type Pred = (r: ContainerRecord, values: string[], c: ListContext) => boolean;

const FILTERS: Record<string, Pred> = {
  id: (r, vs) => vs.some((v) => r.Id.startsWith(v)),
  name: (r, vs) => vs.some((v) => {
    try { return new RegExp(v).test(r.Name.slice(1)) || new RegExp(v).test(r.Name); } catch { return r.Name.includes(v); }
  }),
  label: (r, vs) => matchLabelFilters(r.Config.Labels, new Map([['label', vs]])),
  exited: (r, vs) => r.State.Status === 'exited' && vs.some((v) => Number(v) === r.State.ExitCode),
  status: (r, vs) => vs.includes(r.State.Status),
  ancestor: (r, vs, c) => vs.some((v) => c.images.find(v)?.id === r.Image),
  before: (r, vs, c) => vs.every((v) => r.Created < c.store.get(v).Created),
  since: (r, vs, c) => vs.every((v) => r.Created > c.store.get(v).Created),
  health: (r, vs) => vs.includes(r.State.Health?.Status ?? 'none'),
};

export function listContainers(c: ListContext, o: ContainerListOptions = {}): ContainerRecord[] {
  const filters = o.filters ?? new Map<string, string[]>();
  checkFilters(filters);
  const limit = o.limit ?? 0;
  let recs = c.store.list().sort((a, b) => b.Created.localeCompare(a.Created));
  if (!o.all && limit <= 0 && !filters.has('status')) recs = recs.filter((r) => countsAsRunning(r.State));
  recs = recs.filter((r) => [...filters].every(([k, vs]) => vs.length === 0 || FILTERS[k]!(r, vs, c)));
  return limit > 0 ? recs.slice(0, limit) : recs;
}

function checkFilters(filters: Map<string, string[]>): void {
  for (const [key, values] of filters) {
    if (!FILTERS[key]) throw new InvalidArgumentError(`invalid filter '${key}'`);
    const bad = key === 'status' ? values.find((v) => !STATUSES.includes(v)) : undefined;
    if (bad) throw new InvalidArgumentError(`invalid filter 'status=${bad}'`);
    const badHealth = key === 'health' ? values.find((v) => !HEALTH.includes(v)) : undefined;
    if (badHealth) throw new InvalidArgumentError(`Unrecognised filter value for health: ${badHealth}`);
  }
}
