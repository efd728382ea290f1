/**
 * Docker's checks of resource settings at create and update (moby daemon/daemon_unix.go
 * verifyPlatformContainerResources), with its messages, in its order. An update checks only what it
 * asks for (and may give a swap limit without memory). What the host cannot do is dropped with
 * Docker's warning rather than refused.
 */
import { cpus } from 'node:os';
import type { HostConfig } from './record.js';
import { InternalError, InvalidArgumentError } from '../errors.js';
import { cgroupSupport, type CgroupSupport } from './host-cgroups.js';
import { cpusetAvailable } from './cpuset.js';

const MIN_MEMORY = 6 * 1024 * 1024;

type Resources = Pick<HostConfig, 'Memory' | 'MemorySwap' | 'MemoryReservation' | 'NanoCpus' | 'CpuPeriod' | 'CpuQuota'
  | 'CpusetCpus' | 'CpusetMems' | 'BlkioWeight'>;

export interface ValidateOptions {
  /** The request is an update (`docker update`): swap may come without memory. */
  update?: boolean;
  ncpu?: number;
  host?: CgroupSupport;
}

export interface ResourceVerdict {
  warnings: string[];
  /** Fields the host cannot apply: the caller leaves them out, as Docker zeroes them. */
  dropped: Array<keyof Resources>;
}

const invalid = (m: string) => new InvalidArgumentError(m);

function checkMemory(h: Resources, update: boolean): void {
  const memory = h.Memory ?? 0;
  const swap = h.MemorySwap ?? 0;
  const reservation = h.MemoryReservation ?? 0;
  if (memory !== 0 && memory < MIN_MEMORY) throw invalid('Minimum memory limit allowed is 6MB');
  if (memory > 0 && swap > 0 && swap < memory) throw invalid('Minimum memoryswap limit should be larger than memory limit, see usage');
  if (memory === 0 && swap > 0 && !update) throw invalid('You should always set the Memory limit when using Memoryswap limit, see usage');
  if (reservation > 0 && reservation < MIN_MEMORY) throw invalid('Minimum memory reservation allowed is 6MB');
  if (memory > 0 && reservation > 0 && memory < reservation) {
    throw invalid('Minimum memory limit can not be less than memory reservation limit, see usage');
  }
}

function checkCpu(h: Resources, ncpu: number): void {
  const nano = h.NanoCpus ?? 0;
  const period = h.CpuPeriod ?? 0;
  const quota = h.CpuQuota ?? 0;
  if (nano > 0 && period > 0) throw invalid('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nano > 0 && quota > 0) throw invalid('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  if (nano < 0 || nano > ncpu * 1e9) throw invalid(`Range of CPUs is from 0.01 to ${ncpu}.00, as there are only ${ncpu} CPUs available`);
  if (period !== 0 && (period < 1000 || period > 1_000_000)) {
    throw invalid('CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  }
  if (quota > 0 && quota < 1000) throw invalid('CPU cfs quota can not be less than 1ms (i.e. 1000)');
}

function checkCpuset(wanted: string | undefined, available: string, what: 'cpus' | 'mems'): void {
  if (!wanted) return;
  let ok: boolean;
  try {
    ok = cpusetAvailable(wanted, available);
  } catch (e) {
    throw invalid(`Invalid value ${wanted} for cpuset ${what}: ${(e as Error).message}`);
  }
  if (ok) return;
  const noun = what === 'cpus' ? 'CPUs' : 'memory nodes';
  throw invalid(`Requested ${noun} are not available - requested ${wanted}, available: ${available}`);
}

export function validateResources(h: Resources, o: ValidateOptions = {}): ResourceVerdict {
  const host = o.host ?? cgroupSupport();
  const verdict: ResourceVerdict = { warnings: [], dropped: [] };
  checkMemory(h, Boolean(o.update));
  checkCpu(h, o.ncpu ?? cpus().length);
  checkCpuset(h.CpusetCpus, host.cpus, 'cpus');
  checkCpuset(h.CpusetMems, host.mems, 'mems');
  let weight = h.BlkioWeight ?? 0;
  if (weight > 0 && !host.blkioWeight) {
    verdict.warnings.push('Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.');
    verdict.dropped.push('BlkioWeight');
    weight = 0;
  }
  if (weight > 0 && (weight < 10 || weight > 1000)) throw invalid('Range of blkio weight is from 10 to 1000');
  return verdict;
}

/** moby's checks of `--cpu-rt-period`/`--cpu-rt-runtime` at create (verifyPlatformContainerSettings), with its messages. */
export function checkRealtime(h: HostConfig, host: CgroupSupport = cgroupSupport()): void {
  const period = Number(h.CpuRealtimePeriod ?? 0);
  const runtime = Number(h.CpuRealtimeRuntime ?? 0);
  if ((period !== 0 || runtime !== 0) && !host.cpuRealtime) throw new InternalError('Your kernel does not support CPU real-time scheduler');
  if (period !== 0 && runtime !== 0 && runtime > period) throw new InternalError('cpu real-time runtime cannot be higher than cpu real-time period');
}
