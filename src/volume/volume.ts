/**
 * The volume model, as Docker's API shows it (`GET /volumes/{name}`), and the face the container
 * engine uses to get, mount and release volumes (VolumeProvider). The local driver keeps each
 * volume's data under `<data-root>/volumes/<name>/_data` and its metadata beside it.
 */

/** What `GET /volumes/{name}` answers (Docker's Volume object; UsageData only from `system df`). */
export interface Volume {
  Name: string;
  Driver: string;
  /** Host path of the data (the local driver's `_data`). */
  Mountpoint: string;
  /** RFC 3339, seconds, as Docker writes it. */
  CreatedAt: string;
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
  Scope: 'local';
  Status?: Record<string, unknown>;
  UsageData?: { Size: number; RefCount: number };
}

/** Docker's label on volumes made without a name (moby volume/service AnonymousLabel). */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** Where a container mounts a volume: the attributes of the volume `mount` event. */
export interface MountAnnouncement {
  destination: string;
  rw: boolean;
  /** '' for volumes, as Docker reports them. */
  propagation: string;
}

/** What a create asks for (`POST /volumes/create`, or a `-v name:/x` naming a volume that does not exist). */
export interface VolumeCreateRequest {
  /** Absent or empty: an anonymous volume with a random 64-hex name. */
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/**
 * What containers need of volumes. Mounts are counted per container: a volume is in use while a
 * container that names it exists (created or running), whatever its mounts.
 */
export interface VolumeProvider {
  /**
   * The named volume, created when missing (Docker's `-v name:/x` and `--mount type=volume`):
   * INVALID_ARGUMENT for a bad name or options. An anonymous one is labelled as Docker labels it.
   * With `containerId`, the volume counts as in use by that container from now on (moby's create
   * reference), so a concurrent `volume rm` or `prune` cannot take it before the container's record
   * names it in MountPoints. Call `dereference(containerId)` once the record is saved, or the create
   * failed: until then the reference holds (a check that finds the record naming the volume drops it too).
   */
  acquire(req: VolumeCreateRequest & { anonymous?: boolean; containerId?: string }): Promise<Volume>;
  /**
   * Drops the references `acquire` took for `containerId` (idempotent); the volumes themselves stay.
   * Optional: a provider that takes no references (a test double) need not have it.
   */
  dereference?(containerId: string): void;
  /**
   * Makes the volume's data ready for `containerId` (mounts a tmpfs or device volume on first use)
   * and returns the host path to bind. Idempotent per container. With `at` (the container starts
   * with it), a volume `mount` event is announced once per container mount, with Docker's attributes.
   */
  mount(name: string, containerId: string, at?: MountAnnouncement): Promise<string>;
  /**
   * Releases `containerId`'s mount (unmounts the driver's mount when nobody else has it) and
   * announces the volume `unmount` event when it had one. Idempotent.
   */
  unmount(name: string, containerId: string): Promise<void>;
  /**
   * Removes an anonymous volume of a removed container (`rm -v`, `--rm`); a volume still in use
   * (mounted, referenced, or named by another container's MountPoints) stays, and so does a missing
   * one. Call it after the container's record is gone, or it counts as a user itself; its own
   * `acquire` reference is dropped when `containerId` is given.
   */
  release(name: string, containerId?: string): Promise<void>;
}
