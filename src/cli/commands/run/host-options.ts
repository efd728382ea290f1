/**
 * Parsers of the `run` flag values that docker checks as each flag is read (its opts package):
 * `--ulimit`, `--sysctl`, `--label`, `--attach`, and `--device` (checked once the daemon's OS is known). Each
 * throws docker's message; the flag parser wraps it as `invalid argument "…" for "--x" flag: …`.
 * Also `--device-cgroup-rule` and the per-device block I/O flags.
 */
import { parseRamBytes } from '../../flags/values.js';

/** One `HostConfig.Ulimits` entry. */
export interface Ulimit { Name: string; Hard: number; Soft: number }

/** go-units' ulimit names. */
const ULIMIT_NAMES = new Set(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']);

function goInt(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/** go-units ParseUlimit: `name=soft[:hard]`. */
export function parseUlimit(val: string): Ulimit {
  const eq = val.indexOf('=');
  if (eq < 0 || val.indexOf('=', eq + 1) >= 0) throw new Error(`invalid ulimit argument: ${val}`);
  const name = val.slice(0, eq);
  if (!ULIMIT_NAMES.has(name)) throw new Error(`invalid ulimit type: ${name}`);
  const limits = val.slice(eq + 1).split(':');
  if (limits.length > 2) throw new Error(`too many limit value arguments - ${val.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  const soft = goInt(limits[0] ?? '');
  const hard = limits.length === 2 ? goInt(limits[1] ?? '') : soft;
  if ((soft > hard && hard !== -1) || (soft === -1 && hard !== -1)) {
    throw new Error(soft === -1
      ? `ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${hard}`
      : `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  }
  return { Name: name, Hard: hard, Soft: soft };
}

/** The ulimits of repeated `--ulimit` flags: the last per name, sorted by name. */
export function ulimitList(values: readonly string[]): Ulimit[] {
  const byName = new Map(values.map((v) => parseUlimit(v)).map((u) => [u.Name, u]));
  return [...byName.values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

const SYSCTL_KEYS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);
const SYSCTL_PREFIXES = ['fs.mqueue.', 'net.'];

/** docker's ValidateSysctl: only namespaced sysctls, as `key=value`. */
export function checkSysctl(val: string): void {
  const eq = val.indexOf('=');
  const key = val.slice(0, eq);
  const ok = eq > 0 && (SYSCTL_KEYS.has(key) || SYSCTL_PREFIXES.some((p) => key.startsWith(p)));
  if (!ok) throw new Error(`sysctl '${val}' is not allowed`);
}

/** `--sysctl k=v` values as HostConfig.Sysctls (the last per key). */
export function sysctlMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) out[v.slice(0, v.indexOf('='))] = v.slice(v.indexOf('=') + 1);
  return out;
}

/** docker's ValidateLabel for `-l`. */
export function checkLabel(v: string): void {
  const key = v.split('=', 1)[0] ?? '';
  if (key === '') throw new Error(`invalid label '${v}': empty name`);
  if (/[ \t]/.test(key)) throw new Error(`label '${key}' contains whitespaces`);
}

/** docker's validateAttach. */
export function checkAttach(val: string): void {
  if (!['stdin', 'stdout', 'stderr'].includes(val.toLowerCase())) throw new Error('valid streams are STDIN, STDOUT and STDERR');
}

/** One `HostConfig.Devices` entry. */
export interface DeviceMapping { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }

/** r, w and m, each at most once. */
function isDeviceMode(mode: string): boolean {
  return mode !== '' && /^[rwm]+$/.test(mode) && new Set(mode).size === mode.length;
}

/** docker's validateLinuxPath then parseLinuxDevice: `host[:container][:perms]`, cleaned as docker cleans it. */
export function parseDevice(val: string): DeviceMapping {
  const parts = val.split(':');
  if (parts.length > 3 || parts[0] === '') throw new Error(`bad format for path: ${val}`);
  const [first = '', second = '', third = ''] = parts;
  const absolute = (p: string): string => {
    if (!p.startsWith('/')) throw new Error(`${p} is not an absolute path`);
    return p;
  };
  if (parts.length === 3) {
    if (!isDeviceMode(third)) throw new Error(`bad mode specified: ${third}`);
    return { PathOnHost: first, PathInContainer: absolute(second), CgroupPermissions: third };
  }
  if (parts.length === 2 && !isDeviceMode(second)) {
    return { PathOnHost: first, PathInContainer: cleanPath(absolute(second)), CgroupPermissions: 'rwm' };
  }
  const path = cleanPath(absolute(first));
  return { PathOnHost: path, PathInContainer: path, CgroupPermissions: parts.length === 2 ? second : 'rwm' };
}

function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The docker CLI's check of a `--device-cgroup-rule` value (the daemon parses it again at start). */
export function checkDeviceCgroupRule(val: string): void {
  if (!/^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$/.test(val)) throw new Error(`invalid device cgroup format '${val}'`);
}

/** `<device-path>:<value>`, split as the docker CLI does; the path must be under /dev/. */
function devicePair(val: string): [string, string] {
  const i = val.indexOf(':');
  if (i < 0) throw new Error(`bad format: ${val}`);
  const path = val.slice(0, i);
  if (!path.startsWith('/dev/')) throw new Error(`bad format for device path: ${val}`);
  return [path, val.slice(i + 1)];
}

/** `--blkio-weight-device /dev/sda:200` (docker's ValidateWeightDevice). */
export function parseWeightDevice(val: string): { Path: string; Weight: number } {
  const [Path, w] = devicePair(val);
  const weight = /^\d+$/.test(w) ? Number(w) : NaN;
  if (!(weight <= 0xffff) || (weight > 0 && (weight < 10 || weight > 1000))) throw new Error(`invalid weight for device: ${val}`);
  return { Path, Weight: weight };
}

/** `--device-read-bps /dev/sda:1mb` (docker's ValidateThrottleBpsDevice: go-units RAMInBytes). */
export function parseBpsDevice(val: string): { Path: string; Rate: number } {
  const [Path, r] = devicePair(val);
  try {
    return { Path, Rate: parseRamBytes(r) };
  } catch {
    throw new Error(`invalid rate for device: ${val}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`);
  }
}

/** `--device-read-iops /dev/sda:100` (docker's ValidateThrottleIOpsDevice). */
export function parseIopsDevice(val: string): { Path: string; Rate: number } {
  const [Path, r] = devicePair(val);
  if (!/^\d+$/.test(r)) throw new Error(`invalid rate for device: ${val}. The correct format is <device-path>:<number>. Number must be a positive integer`);
  return { Path, Rate: Number(r) };
}
