/**
 * The one teardown of a container's run, called from every path that ends one (exit, failed start,
 * reconcile, removal): its health monitor stops (its probe is aborted: not awaited, as the probe
 * may be waiting for the mutex the caller holds), the runtime forgets it (process, bundle, exit
 * record), its root filesystem (and shareable /dev/shm) is unmounted and its volumes released by the provider, and its networks detached (namespace, addresses, ports). Idempotent; every
 * step runs even when another fails, because the container is ending either way.
 */
import type { ContainerDeps } from './deps.js';
import { shmPath } from './shm.js';
import { unmountVolumes } from './mounts.js';

export async function teardown(d: ContainerDeps, id: string): Promise<void> {
  void d.health.stop(id);
  await Promise.all([
    d.runtime.delete(id).catch(() => undefined),
    d.mounter.unmountAll(d.paths.rootfs(id)).catch(() => undefined),
    d.mounter.unmountAll(shmPath(d, id)).catch(() => undefined),
  ]);
  // After the runtime is gone: the container's process no longer holds the volumes or its namespace.
  await Promise.all([unmountVolumes(d, d.store.find(id)), d.networks?.detach(id).catch(() => undefined)]);
}
