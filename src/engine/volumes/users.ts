/**
 * Which containers use a volume: those whose record names it in `MountPoints` (created, running or
 * stopped alike, as Docker counts references). Answered from the container store's records.
 */
import type { ContainerRecord } from '../containers/record.js';

/** Container IDs using a volume, by name. */
export type VolumeUsers = (name: string) => string[];

/** The container store's answer: every record with a volume mount point of that name. */
export function volumeUsersOf(store: { list(): ContainerRecord[] }): VolumeUsers {
  return (name) => store.list()
    .filter((r) => r.MountPoints?.some((m) => m.Type === 'volume' && m.Name === name))
    .map((r) => r.Id);
}
