/**
 * `GET /containers/json`: newest first; running ones only unless `all`, a `status` filter, or a
 * `limit` > 0 asks for more (Docker counts stopped containers whenever a limit is given). Filters
 * are Docker's (daemon/list.go): a table of predicates, each given every value of its key (values
 * of one key are alternatives, keys all must match), and a table of checks that refuse bad values
 * with Docker's words before anything is listed. `health` reads State.Health (none without a healthcheck).
 */
import type { ContainerListOptions } from '../engine.js';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { matchLabelFilters } from '../filters.js';
import type { ImageResolver } from './deps.js';
import { exposedPorts, mountPoints, networkNames, parsePortFilter, publishedPorts } from './list-resources.js';
import { ZERO_TIME, isRunning, type ContainerRecord } from './record.js';
import type { ContainerStore } from './store.js';

const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];
/** `none`: no healthcheck that probes (Docker's NoHealthcheck). */
const HEALTH = ['starting', 'healthy', 'unhealthy', 'none'];

interface ListContext { store: ContainerStore; images: ImageResolver }

type Pred = (r: ContainerRecord, values: string[], c: ListContext) => boolean;

/** Go's filters.Match: an exact value, or a regular expression that matches (a bad one matches nothing). */
function goMatch(pattern: string, s: string): boolean {
  if (pattern === s) return true;
  try {
    return new RegExp(pattern).test(s);
  } catch {
    return false;
  }
}

/** An ID prefix names a container only when it is unique (Docker's truncindex). */
function byIdPrefix(prefix: string, c: ListContext): string | undefined {
  const hits = c.store.list().filter((r) => r.Id.startsWith(prefix));
  return hits.length === 1 ? hits[0]!.Id : undefined;
}

/** `before`/`since` name a container by full ID or name only (Docker's idOrNameFilter). */
function reference(v: string, c: ListContext): ContainerRecord {
  const rec = c.store.list().find((r) => r.Id === v || r.Name === `/${v.replace(/^\//, '')}`);
  if (!rec) throw new NotFoundError(`no such container ${v}`);
  return rec;
}

/** Whether the container's image is `image` or built on it (Docker keeps the image and its descendants). */
function descendsFrom(r: ContainerRecord, image: string, c: ListContext): boolean {
  for (let id: string | undefined = r.Image, seen = 0; id && seen < 1000; seen++) {
    if (id === image) return true;
    id = c.images.byId(id as ContainerRecord['Image'])?.parent;
  }
  return false;
}

const inProcess = (r: ContainerRecord): boolean => ['running', 'paused', 'restarting'].includes(r.State.Status);

const FILTERS: Record<string, Pred> = {
  id: (r, vs, c) => vs.some((v) => byIdPrefix(v, c) === r.Id),
  name: (r, vs) => vs.some((v) => goMatch(v, r.Name) || goMatch(v, r.Name.slice(1))),
  label: (r, vs) => matchLabelFilters(r.Config.Labels, new Map([['label', vs]])),
  exited: (r, vs) => !inProcess(r) && r.State.StartedAt !== ZERO_TIME && vs.some((v) => Number(v) === r.State.ExitCode),
  status: (r, vs) => vs.includes(r.State.Status),
  ancestor: (r, vs, c) => vs.some((v) => {
    const image = c.images.find(v)?.id;
    return image !== undefined && descendsFrom(r, image, c);
  }),
  before: (r, vs, c) => vs.every((v) => r.Created < reference(v, c).Created),
  since: (r, vs, c) => vs.every((v) => r.Created > reference(v, c).Created),
  volume: (r, vs) => mountPoints(r).some((m) => vs.includes(m.destination) || vs.includes(m.name || m.source)),
  network: (r, vs) => networkNames(r).some((n) => vs.includes(n)),
  publish: (r, vs) => vs.some((v) => parsePortFilter('publish', v).some((p) => publishedPorts(r).has(p))),
  expose: (r, vs) => vs.some((v) => parsePortFilter('expose', v).some((p) => exposedPorts(r).has(p))),
  health: (r, vs) => vs.includes(r.State.Health?.Status ?? 'none'),
  // Swarm tasks are containers Wharf never makes.
  'is-task': (_r, vs) => !vs.includes('true'),
  // Isolation modes are Windows'; on Linux Docker accepts the key and keeps every container.
  isolation: () => true,
};

type Check = (values: string[], c: ListContext) => void;

/** Value checks, in the order Docker's foldFilter makes them. */
const CHECKS: Record<string, Check> = {
  exited: (vs) => {
    const bad = vs.find((v) => !/^[+-]?\d+$/.test(v));
    if (bad !== undefined) throw new InvalidArgumentError(`strconv.Atoi: parsing ${JSON.stringify(bad)}: invalid syntax`);
  },
  status: (vs) => {
    const bad = vs.find((v) => !STATUSES.includes(v));
    if (bad !== undefined) throw new InvalidArgumentError(`invalid filter 'status=${bad}'`);
  },
  'is-task': (vs) => {
    if (!vs.includes('true') && !vs.includes('false')) throw new InvalidArgumentError(`invalid filter 'is-task=[${vs.join(' ')}]'`);
  },
  health: (vs) => {
    const bad = vs.find((v) => !HEALTH.includes(v));
    if (bad !== undefined) throw new InvalidArgumentError(`Unrecognised filter value for health: ${bad}`);
  },
  before: (vs, c) => vs.forEach((v) => reference(v, c)),
  since: (vs, c) => vs.forEach((v) => reference(v, c)),
  publish: (vs) => vs.forEach((v) => parsePortFilter('publish', v)),
  expose: (vs) => vs.forEach((v) => parsePortFilter('expose', v)),
};

export function listContainers(c: ListContext, o: ContainerListOptions = {}): ContainerRecord[] {
  const filters = o.filters ?? new Map<string, string[]>();
  checkFilters(filters, c);
  const limit = o.limit ?? 0;
  let recs = c.store.list().sort((a, b) => b.Created.localeCompare(a.Created));
  if (!o.all && limit <= 0 && !filters.has('status')) recs = recs.filter((r) => isRunning(r.State));
  recs = recs.filter((r) => [...filters].every(([k, vs]) => vs.length === 0 || FILTERS[k]!(r, vs, c)));
  return limit > 0 ? recs.slice(0, limit) : recs;
}

function checkFilters(filters: Map<string, string[]>, c: ListContext): void {
  for (const key of filters.keys()) {
    if (!FILTERS[key]) throw new InvalidArgumentError(`invalid filter '${key}'`);
  }
  for (const [key, check] of Object.entries(CHECKS)) {
    const values = filters.get(key);
    if (values && values.length > 0) check(values, c);
  }
}
