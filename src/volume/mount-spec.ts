/**
 * HostConfig.Mounts items (`--mount`'s objects) checked and turned into mount points, as moby's
 * linux parser does (validateMountConfigImpl, parseMountSpec): the same checks in the same order,
 * with its messages (`invalid mount config for type "bind": …`). A volume's Source and Driver are
 * filled in later, when resolve.ts acquires it.
 */
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import type { MountPoint, MountSpec } from './mount-point.js';
import { InvalidMountError } from './mount-errors.js';
import { DEFAULT_PROPAGATION, PROPAGATION_MODES } from './modes.js';

/** moby's checks of a destination: not `/`, absolute. Returns the message, or undefined. */
export function destinationProblem(target: string): string | undefined {
  if (posix.normalize(target).replace(/(.)\/$/, '$1') === '/') return "invalid specification: destination can't be '/'";
  if (!target.startsWith('/')) return `invalid mount path: '${target}' mount path must be absolute`;
  return undefined;
}

/** A path as moby's path.Clean leaves it. */
export const cleanPath = (p: string): string => posix.normalize(p).replace(/(.)\/+$/, '$1');

const configError = (m: MountSpec, msg: string): InvalidMountError => new InvalidMountError(`invalid mount config for type "${m.Type}": ${msg}`);
const missing = (field: string) => `field ${field} must not be empty`;
const extra = (field: string) => `field ${field} must not be specified`;

/** The problem of a mount's type-specific fields, or undefined. */
function fieldProblem(m: MountSpec, bindSourceMustExist: boolean): string | undefined {
  switch (m.Type) {
    case 'bind': {
      if (!m.Source) return missing('Source');
      const prop = m.BindOptions?.Propagation;
      if (prop && !PROPAGATION_MODES.has(prop)) return `invalid propagation mode: ${prop}`;
      if (m.VolumeOptions) return extra('VolumeOptions');
      if (!m.Source.startsWith('/')) return `invalid mount path: '${m.Source}' mount path must be absolute`;
      if (bindSourceMustExist && !m.BindOptions?.CreateMountpoint && !existsSync(m.Source)) return `bind source path does not exist: ${m.Source}`;
      return readOnlyProblem(m);
    }
    case 'volume':
      if (m.BindOptions) return extra('BindOptions');
      if (!m.Source && m.ReadOnly) return 'must not set ReadOnly mode when using anonymous volumes';
      return undefined;
    case 'tmpfs':
      if (m.BindOptions) return extra('BindOptions');
      if (m.Source) return extra('Source');
      return undefined;
    default:
      return 'mount type unknown';
  }
}

/** API 1.44's read-only recursion options of a bind (moby 25). */
function readOnlyProblem(m: MountSpec): string | undefined {
  const o = m.BindOptions;
  if (o?.ReadOnlyNonRecursive && !m.ReadOnly) return 'must not set ReadOnlyNonRecursive when ReadOnly is false';
  if (o?.ReadOnlyForceRecursive && !m.ReadOnly) return 'must not set ReadOnlyForceRecursive when ReadOnly is false';
  if (o?.ReadOnlyNonRecursive && o.ReadOnlyForceRecursive) return 'must not set both ReadOnlyNonRecursive and ReadOnlyForceRecursive';
  return undefined;
}

/** moby's validateMountConfig: throws its message for the first problem. */
export function validateMountSpec(m: MountSpec, o: { bindSourceMustExist: boolean }): void {
  const target = m.Target ?? '';
  const problem = target === '' ? missing('Target') : destinationProblem(target) ?? fieldProblem(m, o.bindSourceMustExist);
  if (problem) throw configError(m, problem);
}

/**
 * moby's parseMountSpec: the mount point of a checked mount. A named or anonymous volume has no
 * Source yet (Name is "" for an anonymous one); `spec` is kept only for HostConfig.Mounts items.
 */
export function mountPointOf(m: MountSpec, o: { bindSourceMustExist: boolean; keepSpec: boolean }): MountPoint {
  validateMountSpec(m, o);
  const base = { Destination: cleanPath(m.Target ?? ''), RW: !m.ReadOnly, Mode: '', CopyData: false, Propagation: '', Source: '', ...(o.keepSpec ? { Spec: m } : {}) };
  if (m.Type === 'bind') {
    return {
      ...base, Type: 'bind', Source: cleanPath(m.Source ?? ''), Propagation: m.BindOptions?.Propagation || DEFAULT_PROPAGATION,
      ...(m.BindOptions?.NonRecursive ? { NonRecursive: true } : {}),
      ...(m.BindOptions?.ReadOnlyForceRecursive ? { ReadOnlyRecursive: true } : {}),
    };
  }
  if (m.Type === 'volume') {
    const driver = m.VolumeOptions?.DriverConfig?.Name;
    return {
      ...base, Type: 'volume', Name: m.Source ?? '', CopyData: !m.VolumeOptions?.NoCopy, Anonymous: !m.Source,
      ...(driver ? { Driver: driver } : {}),
    };
  }
  const t = m.TmpfsOptions;
  const tmpfs = { ...(t?.SizeBytes ? { SizeBytes: t.SizeBytes } : {}), ...(t?.Mode ? { Mode: t.Mode } : {}) };
  return { ...base, Type: 'tmpfs', Tmpfs: tmpfs };
}
