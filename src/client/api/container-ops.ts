/** Container endpoints beyond the lifecycle: pause, unpause, rename, update, prune. */
import type { Transport } from '../transport.js';

const path = (id: string, op: string) => `/containers/${encodeURIComponent(id)}/${op}`;

/** `POST /containers/{id}/pause`. */
export async function pauseContainer(t: Transport, id: string): Promise<void> {
  await t.call({ method: 'POST', path: path(id, 'pause') });
}

/** `POST /containers/{id}/unpause`. */
export async function unpauseContainer(t: Transport, id: string): Promise<void> {
  await t.call({ method: 'POST', path: path(id, 'unpause') });
}

/** `POST /containers/{id}/rename?name=`. */
export async function renameContainer(t: Transport, id: string, name: string): Promise<void> {
  await t.call({ method: 'POST', path: path(id, 'rename'), query: { name } });
}

/** The body of `POST /containers/{id}/update` (Docker's UpdateConfig). */
export interface UpdateConfig {
  BlkioWeight?: number; CpuShares?: number; CpuPeriod?: number; CpuQuota?: number; CpuRealtimePeriod?: number;
  CpuRealtimeRuntime?: number; CpusetCpus?: string; CpusetMems?: string; NanoCpus?: number; Memory?: number;
  MemorySwap?: number; MemoryReservation?: number; PidsLimit?: number;
  RestartPolicy?: { Name: string; MaximumRetryCount: number };
}

/** `POST /containers/{id}/update`. */
export function updateContainer(t: Transport, id: string, body: UpdateConfig): Promise<{ Warnings?: string[] | null }> {
  return t.json({ method: 'POST', path: path(id, 'update'), json: body });
}

/** `POST /containers/prune?filters=`. */
export function pruneContainers(t: Transport, filters: Record<string, Record<string, boolean>>): Promise<{ ContainersDeleted?: string[] | null; SpaceReclaimed?: number }> {
  const query = { filters: Object.keys(filters).length > 0 ? JSON.stringify(filters) : undefined };
  return t.json({ method: 'POST', path: '/containers/prune', query });
}
