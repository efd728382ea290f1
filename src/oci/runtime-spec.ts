/** The subset of the OCI runtime spec (config.json) that Wharf writes: types, and its JSON text (specJson, parseSpec). */

/** A per-device rate limit of linux.resources.blockIO. */
export interface ThrottleDevice { major: number; minor: number; rate: number }

export interface RuntimeSpec {
  ociVersion: string;
  process: RuntimeProcess;
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts: RuntimeMount[];
  hooks?: Record<string, Array<{ path: string; args?: string[]; env?: string[]; timeout?: number }>>;
  annotations?: Record<string, string>;
  linux: {
    namespaces: Array<{ type: string; path?: string }>;
    resources?: {
      devices?: Array<{ allow: boolean; type?: string; major?: number; minor?: number; access?: string }>;
      memory?: { limit?: number; swap?: number; reservation?: number; disableOOMKiller?: boolean };
      cpu?: { shares?: number; quota?: number; period?: number; realtimeRuntime?: number; realtimePeriod?: number; cpus?: string; mems?: string };
      pids?: { limit: number };
      blockIO?: {
        weight?: number;
        weightDevice?: Array<{ major: number; minor: number; weight: number }>;
        throttleReadBpsDevice?: ThrottleDevice[]; throttleWriteBpsDevice?: ThrottleDevice[];
        throttleReadIOPSDevice?: ThrottleDevice[]; throttleWriteIOPSDevice?: ThrottleDevice[];
      };
    };
    cgroupsPath?: string;
    /** The root mount's propagation (runc's default: rprivate). */
    rootfsPropagation?: string;
    maskedPaths?: string[];
    readonlyPaths?: string[];
    sysctl?: Record<string, string>;
    seccomp?: unknown;
    devices?: Array<{ path: string; type: string; major: number; minor: number; fileMode?: number; uid?: number; gid?: number }>;
  };
}

export interface RuntimeProcess {
  terminal?: boolean;
  consoleSize?: { height: number; width: number };
  user: { uid: number; gid: number; additionalGids?: number[]; umask?: number };
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: { bounding: string[]; effective: string[]; permitted: string[]; inheritable?: string[]; ambient?: string[] };
  /** Infinity stands for RLIM_INFINITY (2^64-1), which a JS number cannot hold: see specJson. */
  rlimits?: Array<{ type: string; hard: number; soft: number }>;
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
}

export interface RuntimeMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

const U64_MAX = '18446744073709551615';
const INFINITY_MARK = '\u0000rlim-infinity';

/** config.json text of a spec (or an exec's process.json): like JSON.stringify, with Infinity written as RLIM_INFINITY (2^64-1). */
export function specJson(spec: RuntimeSpec | RuntimeProcess): string {
  const text = JSON.stringify(spec, (_k, v: unknown) => (v === Infinity ? INFINITY_MARK : v));
  return text.replaceAll(JSON.stringify(INFINITY_MARK), U64_MAX);
}

/** Reads config.json text: RLIM_INFINITY, which a double cannot hold (it reads as 2^64), is Infinity again. */
export function parseSpec(text: string): RuntimeSpec {
  return JSON.parse(text, (_k, v: unknown) => (typeof v === 'number' && v >= 2 ** 64 ? Infinity : v)) as RuntimeSpec;
}
