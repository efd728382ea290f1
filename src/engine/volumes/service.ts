/**
 * The engine's volumes: the API's VolumeEngine (create, inspect, list, remove, prune, usage) and
 * the containers' VolumeProvider (acquire, mount, unmount, release), over the local driver. Calls
 * on one volume are serialised (a KeyedMutex on its name), so a create racing a remove, or two
 * mounts racing each other, see each other's result. A volume is in use while a container names it
 * in its MountPoints (`users`) or holds a driver mount; in-use volumes are never removed or pruned.
 *
 * Events, as dockerd's: `create` and `destroy` (attribute `driver`), `mount` (container,
 * destination, driver, propagation, read/write) and `unmount` (container, driver), and one `prune`
 * with the bytes reclaimed; the actor's ID is the volume's name.
 */
import type { Filters, VolumeEngine, VolumePruneReport, VolumeRemoveOptions } from '../engine.js';
import type { EventJournal } from '../events/journal.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { ANONYMOUS_LABEL, type MountAnnouncement, type Volume, type VolumeCreateRequest, type VolumeProvider } from '../../volume/volume.js';
import { LOCAL_DRIVER, type LocalDriver } from '../../volume/driver.js';
import { randomVolumeName } from '../../volume/names.js';
import { NoSuchVolumeDriverError, NoSuchVolumeError, VolumeInUseError } from '../../volume/errors.js';
import { toEngineError } from '../errors.js';
import { listMatcher, pruneMatcher } from './filters.js';
import type { VolumeUsers } from './users.js';

export interface VolumeServiceDeps {
  driver: LocalDriver;
  journal: EventJournal;
  /** Containers naming the volume in their MountPoints. */
  users: VolumeUsers;
}

export class VolumeService implements VolumeEngine, VolumeProvider {
  readonly #mutex = new KeyedMutex();
  /** References taken by `acquire` for containers whose records do not name the volume yet: volume → container IDs. */
  readonly #refs = new Map<string, Set<string>>();

  constructor(readonly d: VolumeServiceDeps) {}

  async create(req: VolumeCreateRequest): Promise<Volume> {
    return this.#engine(() => this.#create(req, !req.Name));
  }

  inspect(name: string): Volume {
    const v = this.d.driver.get(name);
    if (!v) throw toEngineError(new NoSuchVolumeError('get', name));
    return v;
  }

  list(filters: Filters = new Map()): Volume[] {
    const match = listMatcher(filters, { inUse: (n) => this.#usersOf(n).length > 0 });
    return this.d.driver.list().filter(match).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  }

  async remove(name: string, o: VolumeRemoveOptions = {}): Promise<void> {
    await this.#engine(() => this.#mutex.run(name, async () => {
      if (!this.d.driver.get(name)) {
        if (o.force) return;
        throw new NoSuchVolumeError('get', name);
      }
      await this.#removeUnused(name, 'remove');
    }));
  }

  async prune(filters: Filters): Promise<VolumePruneReport> {
    const match = this.#engineSync(() => pruneMatcher(filters));
    const report: VolumePruneReport = { VolumesDeleted: [], SpaceReclaimed: 0 };
    for (const v of this.d.driver.list()) {
      if (!match(v)) continue;
      await this.#mutex.run(v.Name, async () => {
        if (!this.d.driver.get(v.Name) || this.#usersOf(v.Name).length > 0) return;
        const size = await this.d.driver.size(v.Name);
        await this.#removeUnused(v.Name, 'remove');
        report.VolumesDeleted.push(v.Name);
        report.SpaceReclaimed += size;
      }).catch(() => {}); // one that cannot be removed is skipped, as Docker skips it
    }
    this.d.journal.publish('volume', 'prune', { ID: '', Attributes: { reclaimed: String(report.SpaceReclaimed) } });
    return report;
  }

  async usage(): Promise<Volume[]> {
    const out: Volume[] = [];
    for (const v of this.list()) {
      if (v.Options) continue; // moby's LocalVolumesSize leaves out volumes with driver options
      out.push({ ...v, UsageData: { Size: await this.d.driver.size(v.Name).catch(() => -1), RefCount: this.d.users(v.Name).length } });
    }
    return out;
  }

  // ---- VolumeProvider ----

  async acquire(req: VolumeCreateRequest & { anonymous?: boolean; containerId?: string }): Promise<Volume> {
    const { anonymous, containerId, ...create } = req;
    return this.#engine(() => this.#create(create, anonymous === true || !create.Name, containerId));
  }

  dereference(containerId: string): void {
    for (const [name, ids] of this.#refs) if (ids.delete(containerId) && ids.size === 0) this.#refs.delete(name);
  }

  async mount(name: string, containerId: string, at?: MountAnnouncement): Promise<string> {
    return this.#engine(() => this.#mutex.run(name, async () => {
      const had = this.d.driver.holders(name).includes(containerId);
      const path = await this.d.driver.mount(name, containerId);
      if (!had && at) {
        this.#announce(name, 'mount', { container: containerId, destination: at.destination, driver: LOCAL_DRIVER, propagation: at.propagation, 'read/write': String(at.rw) });
      }
      return path;
    }));
  }

  async unmount(name: string, containerId: string): Promise<void> {
    await this.#engine(() => this.#mutex.run(name, async () => {
      if (!this.d.driver.holders(name).includes(containerId)) return;
      await this.d.driver.unmount(name, containerId);
      this.#announce(name, 'unmount', { container: containerId, driver: LOCAL_DRIVER });
    }));
  }

  async release(name: string, containerId?: string): Promise<void> {
    await this.#mutex.run(name, async () => {
      if (containerId) this.#dropRef(name, containerId);
      if (!this.d.driver.get(name) || this.#usersOf(name).length > 0) return;
      await this.#removeUnused(name, 'remove');
    }).catch((e) => {
      if (!(e instanceof VolumeInUseError)) throw toEngineError(e);
    });
  }

  // ---- inside ----

  /** Creates `req` unless its name exists (then answers that one, as Docker does); `ref` takes a reference for a container. */
  async #create(req: VolumeCreateRequest, anonymous: boolean, ref?: string): Promise<Volume> {
    const name = req.Name || randomVolumeName();
    const driver = req.Driver || LOCAL_DRIVER;
    if (driver !== LOCAL_DRIVER) throw new NoSuchVolumeDriverError('create', name, driver);
    return this.#mutex.run(name, async () => {
      const have = this.d.driver.get(name);
      if (have) {
        if (ref) this.#addRef(name, ref);
        return have;
      }
      const labels = anonymous ? { ...(req.Labels ?? {}), [ANONYMOUS_LABEL]: '' } : req.Labels;
      const v = await this.d.driver.create({ name, options: req.DriverOpts, labels });
      if (ref) this.#addRef(name, ref);
      this.#announce(name, 'create', { driver: v.Driver });
      return v;
    });
  }

  /** Removes a volume no container uses (VolumeInUseError otherwise). Runs under the volume's lock. */
  async #removeUnused(name: string, op: string): Promise<void> {
    const users = this.#usersOf(name);
    if (users.length > 0) throw new VolumeInUseError(op, name, users);
    await this.d.driver.remove(name);
    this.#announce(name, 'destroy', { driver: LOCAL_DRIVER });
  }

  /**
   * Containers in its MountPoints, then references and holders of a driver mount not among them. A
   * reference whose container's record names the volume now is done with, and dropped.
   */
  #usersOf(name: string): string[] {
    const users = this.d.users(name);
    for (const id of users) this.#dropRef(name, id);
    const more = [...(this.#refs.get(name) ?? []), ...this.d.driver.holders(name)];
    return [...new Set([...users, ...more])];
  }

  #addRef(name: string, containerId: string): void {
    const ids = this.#refs.get(name) ?? new Set<string>();
    ids.add(containerId);
    this.#refs.set(name, ids);
  }

  #dropRef(name: string, containerId: string): void {
    const ids = this.#refs.get(name);
    if (ids?.delete(containerId) && ids.size === 0) this.#refs.delete(name);
  }

  #announce(name: string, action: string, attributes: Record<string, string>): void {
    this.d.journal.publish('volume', action, { ID: name, Attributes: attributes });
  }

  /** Runs `fn`, turning the volume layer's errors into EngineErrors. */
  async #engine<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toEngineError(e);
    }
  }

  #engineSync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw toEngineError(e);
    }
  }
}
