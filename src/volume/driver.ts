/**
 * The `local` volume driver: volumes are directories under `<data-root>/volumes/<name>/_data`
 * (store.ts). A volume created with `type` and `device` options (`-o type=tmpfs,device=tmpfs,o=size=1m`,
 * `-o type=none,device=/srv,o=bind`) is mounted on its `_data` when the first holder mounts it and
 * unmounted after the last one lets go, as moby's local driver counts its `active` mounts. Holders
 * are counted by ID (a container), so mounting twice for one holder counts once.
 *
 * The counts live in memory. After a daemon restart a device volume may still be mounted; mounting
 * is then a no-op (sys/mount.ts checks the target), and it is unmounted when its last new holder
 * unmounts, or before it is removed. Callers serialise calls for one volume (the engine's service).
 */
import type { Volume } from './volume.js';
import { VolumeStore, type VolumeRecord } from './store.js';
import { deviceMount, validateVolumeOptions } from './options.js';
import { validateVolumeName } from './names.js';
import { NoSuchVolumeError, VolumeInUseError, VolumeMountError } from './errors.js';
import { directorySize } from './usage.js';

/** The mounting the driver does: a seam, so its logic can be tested without mounts. */
export interface DeviceMounter {
  mountDevice(device: string, target: string, type: string, options: string): Promise<void>;
  unmountAll(target: string): Promise<void>;
  isMounted(target: string): Promise<boolean>;
}

export const LOCAL_DRIVER = 'local';

export interface LocalCreateOptions {
  name: string;
  options?: Record<string, string> | null;
  labels?: Record<string, string> | null;
}

/** A map with its keys in order, as Go's encoding/json writes maps. */
function sorted(m: Record<string, string> | null): Record<string, string> | null {
  return m && Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class LocalDriver {
  readonly #active = new Map<string, Set<string>>();

  constructor(readonly store: VolumeStore, readonly mounter: DeviceMounter) {}

  /** Loads the store; unmounts leftovers of interrupted removes before they are deleted. */
  async init(): Promise<void> {
    await this.store.init((dataDir) => this.mounter.unmountAll(dataDir));
  }

  /** Creates a volume; throws InvalidVolumeNameError / InvalidVolumeOptionError first. The name must be new. */
  async create(o: LocalCreateOptions): Promise<Volume> {
    validateVolumeName(o.name);
    validateVolumeOptions(o.name, o.options);
    const hasOpts = o.options && Object.keys(o.options).length > 0;
    const hasLabels = o.labels && Object.keys(o.labels).length > 0;
    const rec: VolumeRecord = {
      Name: o.name, Driver: LOCAL_DRIVER, CreatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      Labels: hasLabels ? { ...o.labels } : null, Options: hasOpts ? { ...o.options } : null,
    };
    await this.store.create(rec);
    return this.view(rec);
  }

  get(name: string): Volume | undefined {
    const rec = this.store.get(name);
    return rec && this.view(rec);
  }

  list(): Volume[] {
    return this.store.list().map((r) => this.view(r));
  }

  /** Holders that have it mounted now. */
  holders(name: string): string[] {
    return [...(this.#active.get(name) ?? [])];
  }

  /** Mounts the device (first holder only) and returns the data path. */
  async mount(name: string, holder: string): Promise<string> {
    const rec = this.#need('mount', name);
    const path = this.store.dataPath(name);
    const held = this.#active.get(name) ?? new Set<string>();
    const dev = deviceMount(rec.Options);
    if (held.size === 0 && dev) {
      try {
        await this.mounter.mountDevice(dev.device, path, dev.type, dev.options);
      } catch (e) {
        throw new VolumeMountError(name, `error while mounting volume '${path}': failed to mount local volume: ${(e as Error).message}`, { cause: e });
      }
    }
    held.add(holder);
    this.#active.set(name, held);
    return path;
  }

  /** Drops `holder`'s mount; unmounts the device after the last one. Unknown holders and volumes are a no-op. */
  async unmount(name: string, holder: string): Promise<void> {
    const held = this.#active.get(name);
    if (!held?.delete(holder)) return;
    if (held.size > 0) return;
    this.#active.delete(name);
    if (deviceMount(this.store.get(name)?.Options)) await this.mounter.unmountAll(this.store.dataPath(name));
  }

  /** Bytes in the data directory. */
  async size(name: string): Promise<number> {
    return directorySize(this.store.dataPath(name));
  }

  /**
   * Removes the volume: refused (VolumeInUseError) while a holder has it mounted. Whatever is still
   * mounted on its data dir is unmounted first, so a device's or bind source's files are never deleted.
   */
  async remove(name: string): Promise<void> {
    this.#need('remove', name);
    const held = this.holders(name);
    if (held.length > 0) throw new VolumeInUseError('remove', name, held);
    const path = this.store.dataPath(name);
    await this.mounter.unmountAll(path);
    if (await this.mounter.isMounted(path)) throw new VolumeMountError(name, `remove ${name}: ${path} is still mounted`);
    await this.store.remove(name);
  }

  #need(op: string, name: string): VolumeRecord {
    const rec = this.store.get(name);
    if (!rec) throw new NoSuchVolumeError(op, name);
    return rec;
  }

  view(rec: VolumeRecord): Volume {
    // Docker's field order, so raw answers read the same.
    return { CreatedAt: rec.CreatedAt, Driver: rec.Driver, Labels: sorted(rec.Labels), Mountpoint: this.store.dataPath(rec.Name), Name: rec.Name, Options: sorted(rec.Options), Scope: 'local' };
  }
}
