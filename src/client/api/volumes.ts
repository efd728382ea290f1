/** Volume endpoints: `/volumes` (list, create, inspect, remove, prune). */
import type { Transport } from '../transport.js';

/** Docker's Volume object, as the daemon sends it. */
export interface VolumeSummary {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
  Scope: string;
  Status?: Record<string, unknown>;
  UsageData?: { Size: number; RefCount: number } | null;
}

export interface VolumeCreateBody {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string>;
  Labels?: Record<string, string>;
}

export interface VolumePruneReport { VolumesDeleted: string[] | null; SpaceReclaimed: number }

type FilterJson = Record<string, Record<string, boolean>>;

const filtersQuery = (f: FilterJson | undefined) => (f && Object.keys(f).length > 0 ? JSON.stringify(f) : undefined);

/** `GET /volumes?filters=`. */
export async function listVolumes(t: Transport, filters?: FilterJson): Promise<VolumeSummary[]> {
  const r = await t.json<{ Volumes: VolumeSummary[] | null }>({ method: 'GET', path: '/volumes', query: { filters: filtersQuery(filters) } });
  return r.Volumes ?? [];
}

/** `POST /volumes/create`. */
export function createVolume(t: Transport, body: VolumeCreateBody): Promise<VolumeSummary> {
  return t.json<VolumeSummary>({ method: 'POST', path: '/volumes/create', json: body });
}

/** `GET /volumes/{name}`. */
export function inspectVolume(t: Transport, name: string): Promise<VolumeSummary> {
  return t.json<VolumeSummary>({ method: 'GET', path: `/volumes/${encodeURIComponent(name)}` });
}

/** `DELETE /volumes/{name}?force=`. */
export async function removeVolume(t: Transport, name: string, force: boolean): Promise<void> {
  await t.call({ method: 'DELETE', path: `/volumes/${encodeURIComponent(name)}`, query: { force: force || undefined } });
}

/** `POST /volumes/prune?filters=`. */
export function pruneVolumes(t: Transport, filters?: FilterJson): Promise<VolumePruneReport> {
  return t.json<VolumePruneReport>({ method: 'POST', path: '/volumes/prune', query: { filters: filtersQuery(filters) } });
}
