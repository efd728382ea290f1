/**
 * Reads a running container's statistics: locates its cgroups from its init process, reads them
 * (v1 or v2, as the host runs) with the host's CPU time, memory and the process's interfaces, and
 * builds Docker's sample. The host paths are options so tests can point it at synthetic trees.
 */
import { availableParallelism, totalmem } from 'node:os';
import { CGROUP_ROOT, cgroupVersion, type CgroupVersion } from '../../../sys/cgroup/version.js';
import { cgroupPids, locateCgroup, type CgroupRoots } from '../../../sys/cgroup/location.js';
import { readV1Metrics } from '../../../sys/cgroup/v1.js';
import { readV2Metrics } from '../../../sys/cgroup/v2.js';
import { netDev, systemCpuUsage } from '../../../sys/procfs.js';
import { rfc3339Nano, wallNanos } from './clock.js';
import { sampleFromMetrics } from './sample.js';
import type { StatsSample } from './types.js';

export interface SamplerOptions {
  cgroupRoot?: string;
  procRoot?: string;
  version?: CgroupVersion;
  /** Bytes of RAM (default: the host's). */
  machineMemory?: bigint;
  /** CPUs the daemon may run on (Docker 20.10 counts its affinity mask). */
  onlineCpus?: number;
}

/** The container as the sampler needs it: its name and ID for the sample, its init process. */
export interface SampledContainer { Name: string; Id: string; pid: number }

export class StatsSampler {
  readonly #roots: CgroupRoots;
  readonly #machineMemory: bigint;
  readonly #onlineCpus: number;

  constructor(o: SamplerOptions = {}) {
    this.#roots = { cgroupRoot: o.cgroupRoot ?? CGROUP_ROOT, procRoot: o.procRoot ?? '/proc', version: o.version ?? cgroupVersion() };
    this.#machineMemory = o.machineMemory ?? BigInt(totalmem());
    this.#onlineCpus = o.onlineCpus ?? availableParallelism();
  }

  /** A sample, or undefined when the process (or its cgroup) is gone. */
  async sample(c: SampledContainer): Promise<StatsSample | undefined> {
    const read = rfc3339Nano(wallNanos());
    const loc = await locateCgroup(c.pid, this.#roots);
    if (!loc) return undefined;
    const [metrics, systemCpu, interfaces] = await Promise.all([
      loc.version === 1 ? readV1Metrics(loc.dirs) : readV2Metrics(loc.dir),
      systemCpuUsage(this.#roots.procRoot),
      netDev(c.pid, this.#roots.procRoot),
    ]);
    return sampleFromMetrics(metrics, { read, systemCpu, onlineCpus: this.#onlineCpus, machineMemory: this.#machineMemory, interfaces }, c);
  }

  /** The processes in the container's cgroup (the init process's), or undefined when it is gone. */
  async processes(pid: number): Promise<number[] | undefined> {
    const loc = await locateCgroup(pid, this.#roots);
    return loc ? cgroupPids(loc.procsDir) : undefined;
  }
}
