/** Docker's checks of resource settings at create time (moby daemon/daemon_unix.go verifyPlatformContainerResources), with its messages. */
import { cpus } from 'node:os';
import type { HostConfig } from './record.js';
import { InvalidArgumentError } from '../errors.js';

const MIN_MEMORY = 6 * 1024 * 1024;

export function validateResources(h: HostConfig, ncpu = cpus().length): void {
  const memory = h.Memory ?? 0;
  const swap = (h.MemorySwap as number | undefined) ?? 0;
  if (memory > 0 && memory < MIN_MEMORY) throw new InvalidArgumentError('Minimum memory limit allowed is 6MB');
  if (memory > 0 && swap > 0 && swap < memory) {
    throw new InvalidArgumentError('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (swap > 0 && memory === 0) throw new InvalidArgumentError('You should always set the Memory limit when using Memoryswap limit, see usage');
  const nano = h.NanoCpus ?? 0;
  if (nano > 0 && ((h.CpuPeriod as number | undefined) || (h.CpuQuota as number | undefined))) {
    throw new InvalidArgumentError('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  }
  if (nano < 0 || nano > ncpu * 1e9) {
    throw new InvalidArgumentError(`Range of CPUs is from 0.01 to ${ncpu.toFixed(2)}, as there are only ${ncpu} CPUs available`);
  }
}
