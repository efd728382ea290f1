/**
 * A filesystem mount, described rather than done (containerd's mount.Mount): what a snapshotter
 * hands out and whoever needs the files mounts (sys/mount.ts). Pure data.
 */
export interface FsMount {
  /** Filesystem type: `overlay`, `bind`, … */
  type: string;
  source: string;
  /** Mount options as `mount -o` takes them: `ro`, `lowerdir=…`, `upperdir=…`, `workdir=…`. */
  options: string[];
}

/** The value of a `key=value` option of a mount, if present. */
export function mountOption(m: FsMount, key: string): string | undefined {
  const prefix = `${key}=`;
  return m.options.find((o) => o.startsWith(prefix))?.slice(prefix.length);
}
