/**
 * Checks of a create request that need more than its own fields, with Docker's messages: the
 * stop signal must be one, the image must suit the platform asked for (`?platform=`), and the
 * warnings Docker gives (and the settings it drops) for what the host does not do.
 */
import type { ImageConfig } from '../../oci/image-config.js';
import { InvalidPlatformError, formatPlatform, parsePlatform, platformAccepts } from '../../oci/platform.js';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { ContainerConfig, HostConfig } from './record.js';
import { signalNumber } from './signals.js';
import { cgroupSupport } from './host-cgroups.js';

/** Docker refuses an unknown stop signal at create ("Invalid signal: FOO"). */
export function checkStopSignal(config: ContainerConfig): void {
  if (config.StopSignal) signalNumber(config.StopSignal);
}

/**
 * `?platform=`: the image must be of a platform the one asked for accepts (containerd's
 * platforms.Only), or create answers Docker's NOT_FOUND, on which clients pull.
 */
export function checkPlatform(wanted: string | undefined, image: ImageConfig, ref: string): void {
  if (!wanted) return;
  let want;
  try {
    want = parsePlatform(wanted);
  } catch (e) {
    if (e instanceof InvalidPlatformError) throw new InvalidArgumentError(e.message);
    throw e;
  }
  const actual = { os: image.os, architecture: image.architecture, ...(image.variant ? { variant: image.variant } : {}) };
  if (platformAccepts(want, actual)) return;
  throw new NotFoundError(
    `image with reference ${ref} was found but does not match the specified platform: wanted ${formatPlatform(want)}, actual: ${formatPlatform(actual)}`,
  );
}

/** cgroup v1 has memory.oom_control; v2 has no way to turn the OOM killer off. */
/** Docker's create warnings, and the host config with what the host cannot do dropped. */
export function createWarnings(
  h: HostConfig, canDisableOom = Boolean(cgroupSupport().oomKillDisable), canWeightDevices = Boolean(cgroupSupport().blkioWeightDevice),
): { warnings: string[]; hostConfig: HostConfig } {
  const warnings: string[] = [];
  let hostConfig = h;
  if (h.OomKillDisable === true) {
    if (!canDisableOom) {
      warnings.push('Your kernel does not support OomKillDisable. OomKillDisable discarded.');
      hostConfig = { ...h, OomKillDisable: false };
    } else if (!h.Memory) {
      warnings.push('OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.');
    }
  }
  if (Array.isArray(h.BlkioWeightDevice) && h.BlkioWeightDevice.length > 0 && !canWeightDevices) {
    warnings.push('Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.');
    hostConfig = { ...hostConfig, BlkioWeightDevice: [] };
  }
  return { warnings, hostConfig };
}
