/**
 * HostConfig.Binds (`-v`) strings, parsed as moby's linux parser does (ParseMountRaw):
 * `dest`, `source:dest` or `source:dest:mode`, split on every `:`; an absolute source is a bind,
 * anything else names a volume. Errors carry Docker's words: `invalid volume specification: '…'`
 * (with the mount config's reason after it), `invalid mode: …`.
 */
import type { MountPoint, MountSpec } from './mount-point.js';
import { InvalidMountError, invalidMode, invalidSpec } from './mount-errors.js';
import { noCopy, propagationOf, readWrite, validMode } from './modes.js';
import { mountPointOf } from './mount-spec.js';

/** The parts of a bind string; throws moby's errInvalidSpec for an empty part or too many. */
function split(raw: string): { source: string; target: string; mode: string } {
  const parts = raw.split(':');
  if (parts.some((p) => p === '')) throw invalidSpec(raw);
  const [a = '', b = '', c = ''] = parts;
  switch (parts.length) {
    case 1: return { source: '', target: a, mode: '' };
    // `/foo:rw`: a destination with a mode is no volume.
    case 2: if (validMode(b)) throw invalidSpec(raw); return { source: a, target: b, mode: '' };
    case 3: return { source: a, target: b, mode: c };
    default: throw invalidSpec(raw);
  }
}

/** The `--mount` object a bind string stands for (moby builds the same one). */
function specOf(raw: string, volumeDriver: string): { spec: MountSpec; mode: string } {
  const { source, target, mode } = split(raw);
  if (!validMode(mode)) throw invalidMode(mode);
  const type = source.startsWith('/') ? 'bind' : 'volume';
  const spec: MountSpec = { Type: type, Source: source, Target: target, ReadOnly: !readWrite(mode) };
  const volumeOptions: NonNullable<MountSpec['VolumeOptions']> = {};
  if (volumeDriver && type === 'volume') volumeOptions.DriverConfig = { Name: volumeDriver };
  if (noCopy(mode)) volumeOptions.NoCopy = true;
  if (Object.keys(volumeOptions).length > 0) spec.VolumeOptions = volumeOptions;
  const propagation = propagationOf(mode);
  if (propagation) spec.BindOptions = { Propagation: propagation };
  return { spec, mode };
}

/**
 * The mount point of one `-v` string (a volume without its Source yet: resolve.ts acquires it).
 * `volumeDriver` is HostConfig.VolumeDriver, the driver of the volumes it names.
 */
export function parseBind(raw: string, volumeDriver = ''): MountPoint {
  const { spec, mode } = specOf(raw, volumeDriver);
  try {
    // A missing host dir is no error: -v creates it at start.
    return { ...mountPointOf(spec, { bindSourceMustExist: false, keepSpec: false }), Mode: mode };
  } catch (e) {
    if (e instanceof InvalidMountError) throw new InvalidMountError(`${invalidSpec(raw).message}: ${e.message}`, { cause: e });
    throw e;
  }
}
