/**
 * The /dev/shm of a container whose IPC others may join (`--ipc shareable`), as Docker makes it: a
 * tmpfs on the host (containers/<id>/shm) bound into the container, so a joiner can bind the same
 * one (a mount inside another container's mount namespace cannot be bound). Unmounted at teardown.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

/** Docker's /dev/shm size when none is recorded. */
const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

export const shmPath = (d: Pick<ContainerDeps, 'paths'>, id: string): string => join(d.paths.container(id), 'shm');

/** Mounts the host-side /dev/shm of a shareable container; returns its path, or undefined when it has none. */
export async function mountShareableShm(d: ContainerDeps, rec: ContainerRecord): Promise<string | undefined> {
  if (rec.HostConfig.IpcMode !== 'shareable') return undefined;
  const path = shmPath(d, rec.Id);
  await mkdir(path, { recursive: true });
  await d.mounter.mountAll([{ type: 'tmpfs', source: 'shm', options: ['mode=1777', `size=${rec.HostConfig.ShmSize || DEFAULT_SHM_SIZE}`] }], path);
  return path;
}
