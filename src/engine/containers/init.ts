/** Whether a container runs an init process (`--init`, or the daemon's `init` default), and which binary. */
import { InternalError } from '../errors.js';
import type { InitSettings } from './deps.js';
import type { ContainerRecord } from './record.js';

/** The init binary's host path when `rec` runs one; Docker's error when none is installed. */
export function initBinary(rec: ContainerRecord, settings: InitSettings | undefined): string | undefined {
  const wanted = rec.HostConfig.Init ?? settings?.byDefault ?? false;
  if (!wanted) return undefined;
  if (!settings?.path) throw new InternalError('exec: "catatonit": executable file not found in $PATH');
  return settings.path;
}
