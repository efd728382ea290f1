/**
 * Per-device block I/O settings (`--blkio-weight-device`, `--device-read-bps`, `--device-write-bps`,
 * `--device-read-iops`, `--device-write-iops`) as OCI `linux.resources.blockIO`: each device path is
 * looked up on the host at start for its major:minor, as moby's getBlkioThrottleDevices does (a
 * missing one fails the start with its stat error); runc writes the cgroup files.
 */
import { stat } from 'node:fs/promises';
import type { RuntimeSpec, ThrottleDevice } from '../../oci/runtime-spec.js';
import { majorMinor } from './devices.js';

export type BlockIO = NonNullable<NonNullable<RuntimeSpec['linux']['resources']>['blockIO']>;

interface Rate { Path: string; Rate: number }
interface Weight { Path: string; Weight: number }

export interface BlockIORequest {
  BlkioWeightDevice?: Weight[] | null;
  BlkioDeviceReadBps?: Rate[] | null; BlkioDeviceWriteBps?: Rate[] | null;
  BlkioDeviceReadIOps?: Rate[] | null; BlkioDeviceWriteIOps?: Rate[] | null;
}

/** Thrown for a device path that cannot be looked up; the message is Docker's (`stat <path>: …`). */
export class BlockDeviceError extends Error {}

async function device(path: string): Promise<{ major: number; minor: number }> {
  try {
    return majorMinor((await stat(path, { bigint: true })).rdev);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new BlockDeviceError(`stat ${path}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  }
}

const throttle = (rates: Rate[] | null | undefined): Promise<ThrottleDevice[]> =>
  Promise.all((rates ?? []).map(async (r) => ({ ...await device(r.Path), rate: r.Rate })));

/** The per-device part of blockIO, or undefined when nothing is asked. */
export async function resolveBlockIO(r: BlockIORequest): Promise<BlockIO | undefined> {
  const out: BlockIO = {};
  const weights = await Promise.all((r.BlkioWeightDevice ?? []).map(async (w) => ({ ...await device(w.Path), weight: w.Weight })));
  if (weights.length > 0) out.weightDevice = weights;
  const set = async (key: keyof BlockIO, rates: Rate[] | null | undefined) => {
    const t = await throttle(rates);
    if (t.length > 0) (out as Record<string, unknown>)[key] = t;
  };
  await set('throttleReadBpsDevice', r.BlkioDeviceReadBps);
  await set('throttleWriteBpsDevice', r.BlkioDeviceWriteBps);
  await set('throttleReadIOPSDevice', r.BlkioDeviceReadIOps);
  await set('throttleWriteIOPSDevice', r.BlkioDeviceWriteIOps);
  return Object.keys(out).length > 0 ? out : undefined;
}
