/**
 * A container's mount as Wharf stores it in the record (Docker's container.MountPoint), resolved at
 * create from `Binds` (-v), `Mounts` (--mount), `Config.Volumes` (the image's VOLUME and -v /path)
 * and `VolumesFrom`. `HostConfig.Tmpfs` (--tmpfs) stays in HostConfig, as in Docker, and is not one.
 */
export type MountType = 'bind' | 'volume' | 'tmpfs';

/** `--mount`'s object (the API's HostConfig.Mounts item), kept as given for inspect's HostConfig. */
export interface MountSpec {
  Type: MountType | string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean; ReadOnlyNonRecursive?: boolean; ReadOnlyForceRecursive?: boolean } | null;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string> | null; DriverConfig?: { Name?: string; Options?: Record<string, string> | null } | null; Subpath?: string } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number; Options?: string[][] | null } | null;
}

export interface MountPoint {
  Type: MountType;
  /** Absolute and cleaned path inside the container. */
  Destination: string;
  /** bind: the host path; volume: the volume's Mountpoint; tmpfs: "". */
  Source: string;
  /** volume: its name. */
  Name?: string;
  /** volume: its driver ("local"). */
  Driver?: string;
  /** As inspect shows it: the -v mode string ("ro", "z", "rw,Z" …), "" for --mount. */
  Mode: string;
  RW: boolean;
  /** bind: "rprivate" unless given; volume and tmpfs: "". */
  Propagation: string;
  /** volume: fill an empty volume from the image's content at Destination on first mount (off with nocopy). */
  CopyData: boolean;
  /** bind: `bind-nonrecursive`. */
  NonRecursive?: boolean;
  /** bind: read-only all the way down, submounts too (API 1.44 BindOptions.ReadOnlyForceRecursive; runc's `rro`). */
  ReadOnlyRecursive?: boolean;
  /** tmpfs (--mount type=tmpfs): size in bytes and mode bits. */
  Tmpfs?: { SizeBytes?: number; Mode?: number };
  /** volume: made for this container (image VOLUME, -v /path): removed with it by `rm -v` and `--rm`. */
  Anonymous?: boolean;
  /** --mount's object, when the mount came from HostConfig.Mounts. */
  Spec?: MountSpec;
}

/** inspect's `Mounts` item (Docker's types.MountPoint). */
export interface MountView {
  Type: MountType;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export function mountView(m: MountPoint): MountView {
  return {
    Type: m.Type, ...(m.Type === 'volume' ? { Name: m.Name ?? '' } : {}), Source: m.Source, Destination: m.Destination,
    ...(m.Type === 'volume' ? { Driver: m.Driver ?? 'local' } : {}), Mode: m.Mode, RW: m.RW, Propagation: m.Propagation,
  };
}
