/**
 * What `docker update` asks of a container's HostConfig, merged as Docker merges it (moby
 * container/container_unix.go UpdateContainer): a zero or absent field leaves the setting as it is;
 * CPU limits given one way (NanoCpus) cannot be changed the other way (period/quota) and back; a
 * memory limit above the swap limit already set needs a new swap limit; a restart policy other than
 * "no" cannot be given to an AutoRemove container. Pure: it computes, the caller applies.
 */
import type { ContainerUpdate } from '../engine.js';
import { ConflictError } from '../errors.js';
import type { HostConfig } from './record.js';

/** Docker's "Cannot update container <id>: …" refusal of a merge (its conflictingUpdateOptions, a 409). */
export const cannotUpdate = (id: string, why: string) => `Cannot update container ${id}: ${why}`;

/** The fields copied when non-zero, in Docker's order. */
const COPIED = ['BlkioWeight', 'CpuShares', 'NanoCpus', 'CpuPeriod', 'CpuQuota', 'CpusetCpus', 'CpusetMems', 'CpuRealtimePeriod', 'CpuRealtimeRuntime'] as const;

function checkCpuConflicts(id: string, cur: HostConfig, u: ContainerUpdate): void {
  const conflict = (m: string) => new ConflictError(cannotUpdate(id, `Conflicting options: ${m}`));
  if ((u.NanoCpus ?? 0) > 0 && (cur.CpuPeriod ?? 0) > 0) throw conflict('Nano CPUs cannot be updated as CPU Period has already been set');
  if ((u.NanoCpus ?? 0) > 0 && (cur.CpuQuota ?? 0) > 0) throw conflict('Nano CPUs cannot be updated as CPU Quota has already been set');
  if ((u.CpuPeriod ?? 0) > 0 && (cur.NanoCpus ?? 0) > 0) throw conflict('CPU Period cannot be updated as NanoCPUs has already been set');
  if ((u.CpuQuota ?? 0) > 0 && (cur.NanoCpus ?? 0) > 0) throw conflict('CPU Quota cannot be updated as NanoCPUs has already been set');
}

/** The HostConfig of container `id` after the update; throws CONFLICT with Docker's message. */
export function mergeUpdate(id: string, cur: HostConfig, u: ContainerUpdate): HostConfig {
  checkCpuConflicts(id, cur, u);
  const next: HostConfig = { ...cur };
  for (const k of COPIED) if (u[k]) (next as Record<string, unknown>)[k] = u[k];
  if (u.Memory) {
    // Docker compares with the swap limit as stored: 0 (none) and -1 (unlimited) count as smaller.
    if (u.Memory > (cur.MemorySwap ?? 0) && !u.MemorySwap) {
      throw new ConflictError(cannotUpdate(id, 'Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time'));
    }
    next.Memory = u.Memory;
  }
  if (u.MemorySwap) next.MemorySwap = u.MemorySwap;
  if (u.MemoryReservation) next.MemoryReservation = u.MemoryReservation;
  if (u.PidsLimit !== undefined && u.PidsLimit !== null) next.PidsLimit = u.PidsLimit;
  if (u.RestartPolicy?.Name) {
    if (u.RestartPolicy.Name !== 'no' && cur.AutoRemove) {
      throw new ConflictError(cannotUpdate(id, 'Restart policy cannot be updated because AutoRemove is enabled for the container'));
    }
    next.RestartPolicy = { Name: u.RestartPolicy.Name, MaximumRetryCount: u.RestartPolicy.MaximumRetryCount ?? 0 };
  }
  return next;
}
