/**
 * `--volumes-from c[:ro|rw]` (HostConfig.VolumesFrom), parsed as moby's ParseVolumesFrom: the mode
 * is `rw` unless given; propagation and copy modes are refused (the mounts keep the donor's).
 */
import { InvalidMountError, invalidMode } from './mount-errors.js';
import { noCopy, propagationOf, readWrite, validMode } from './modes.js';
import type { MountPoint } from './mount-point.js';

export interface VolumesFrom { container: string; mode: string }

export function parseVolumesFrom(spec: string): VolumesFrom {
  if (spec === '') throw new InvalidMountError('volumes-from specification cannot be an empty string');
  const colon = spec.indexOf(':');
  if (colon < 0) return { container: spec, mode: 'rw' };
  const mode = spec.slice(colon + 1);
  if (!validMode(mode) || propagationOf(mode) || noCopy(mode)) throw invalidMode(mode);
  return { container: spec.slice(0, colon), mode };
}

/** The donor's mount point as the receiver gets it: read-only when either says so, never copied into. */
export function inherited(m: MountPoint, mode: string): MountPoint {
  const { Mode: _mode, ...rest } = m;
  return { ...rest, Mode: '', RW: m.RW && readWrite(mode), CopyData: false };
}
