/**
 * ContainerDeps for unit tests of the container engine over the in-memory runtime (runtime/fake.ts):
 * snapshots as keys in memory, a mounter that mounts nothing, one image. The real runc/conmon/overlay
 * path is proved by the integration suites.
 */
import { join } from 'node:path';
import type { FakeRuntime } from '../../runtime/fake.js';
import type { Snapshotter } from '../../snapshot/snapshotter.js';
import type { FsMount } from '../../oci/mount.js';
import type { Mounter } from '../../sys/mount.js';
import type { Digest } from '../../oci/digest.js';
import type { ImageRecord } from '../../image/record.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { EnginePaths } from '../paths.js';
import { HealthMonitors } from './health/monitors.js';
import { EventJournal } from '../events/journal.js';
import { ContainerStore } from './store.js';
import { ContainerEvents } from './events.js';
import { LogPolicy } from './logs/policy.js';
import { LogRotator } from './logs/rotate.js';
import type { ContainerDeps, ImageResolver } from './deps.js';
import type { Prober } from './probe.js';

export const FAKE_IMAGE: ImageRecord = { id: `sha256:${'a'.repeat(64)}` as Digest, layers: [], repoDigests: [], size: 0, loaded: '' };

export const fakeImages: ImageResolver = {
  resolveWithConfig: async () => ({ record: FAKE_IMAGE, config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Cmd: ['sh'] } } }),
  byId: (id) => (id === FAKE_IMAGE.id ? FAKE_IMAGE : undefined),
  find: () => FAKE_IMAGE,
  layerDirs: () => [],
};

/** Snapshots as keys in memory, each with the size `sizes` gives it (0 by default). */
export function memorySnapshots(sizes = new Map<string, number>()): Snapshotter & { keys: Set<string> } {
  const keys = new Set<string>();
  const mounts: FsMount[] = [{ type: 'bind', source: '/nonexistent', options: [] }];
  return {
    keys,
    prepare: async (key) => (keys.add(key), mounts),
    view: async (key) => (keys.add(key), mounts),
    mounts: async () => mounts,
    commit: async () => undefined,
    changes: async () => [],
    usage: async (key) => ({ size: sizes.get(key) ?? 0 }),
    remove: async (key) => void keys.delete(key),
  };
}

export const nullMounter: Mounter = { mountAll: async () => undefined, unmountAll: async () => undefined, isMounted: async () => false };

/**
 * Deps over `runtime` with a store under `root` (initialised); `prober` runs the health monitors'
 * probes (by default a probe fails as one that cannot run). Any dep can be replaced through `o`.
 */
export async function fakeDeps(root: string, runtime: FakeRuntime, o: Partial<ContainerDeps> & { prober?: Prober } = {}): Promise<ContainerDeps> {
  const { prober = cannotProbe, ...given } = o;
  const store = given.store ?? new ContainerStore(join(root, 'containers'));
  await store.init();
  const journal = given.journal ?? new EventJournal();
  const mutex = given.mutex ?? new KeyedMutex();
  return {
    paths: new EnginePaths(root, join(root, 'run')), store, images: fakeImages, runtime, snapshots: memorySnapshots(), mounter: nullMounter,
    logs: { policy: new LogPolicy(), rotator: new LogRotator((id) => runtime.reopenLog(id)) },
    events: new ContainerEvents(), journal, mutex, health: new HealthMonitors({ store, mutex, journal, prober }), ...given,
  };
}

const cannotProbe: Prober = async () => ({ exitCode: -1, output: 'no exec in these tests' });

/** Resolves once `cond` holds; throws after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
