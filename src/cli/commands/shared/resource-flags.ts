/**
 * The resource flags docker's run, create and update share (`--cpus`, `-m`, `--memory-swap`,
 * `--blkio-weight`, …), with docker's texts, value parsing and error messages, and their mapping
 * onto the API's Resources fields. Values that pflag types Wharf's parser lacks (decimal, uint16,
 * swap bytes) are string flags checked here, shown with docker's type names.
 */
import type { FlagSpec, ParsedFlags } from '../../flags/types.js';
import { num, str } from '../../flags/types.js';
import { parseGoInt, parseRamBytes } from '../../flags/values.js';

/** docker's opts.NanoCPUs: a rational number of CPUs (`1.5`, `3/2`) → nano CPUs. */
export function parseNanoCpus(text: string): number {
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(text);
  const dec = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (frac) {
    const n = BigInt(frac[1]!) * 1_000_000_000n;
    const d = BigInt(frac[2]!);
    if (d === 0n) throw new Error(`failed to parse ${text} as a rational number`);
    if (n % d !== 0n) throw new Error('value is too precise');
    return Number(n / d);
  }
  if (!dec || (dec[2] === '' && (dec[3] ?? '') === '')) throw new Error(`failed to parse ${text} as a rational number`);
  const digits = `${dec[2]}${dec[3] ?? ''}`;
  const exp = Number(dec[4] ?? 0) - (dec[3] ?? '').length + 9;
  let value = BigInt(digits || '0');
  if (exp >= 0) value *= 10n ** BigInt(exp);
  else {
    const div = 10n ** BigInt(-exp);
    if (value % div !== 0n) throw new Error('value is too precise');
    value /= div;
  }
  return Number(dec[1] === '-' ? -value : value);
}

/** Go's strconv.ParseUint(text, 0, 16), with its messages. */
export function parseUint16(text: string): number {
  let n: number;
  try {
    if (text.startsWith('-') || text.startsWith('+')) throw new Error();
    n = parseGoInt(text);
  } catch {
    throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  if (n > 0xffff) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

/** docker's opts.MemSwapBytes: `-1` (unlimited) or a size. */
export function parseSwapBytes(text: string): number {
  return text === '-1' ? -1 : parseRamBytes(text);
}

const wrapCheck = (parse: (t: string) => number) => (t: string) => void parse(t);

/** The flags of `docker update`, as docker declares them. */
export const UPDATE_RESOURCE_FLAGS: FlagSpec[] = [
  { long: 'blkio-weight', type: 'string', valueName: 'uint16', helpDefault: '0', check: wrapCheck(parseUint16),
    usage: 'Block IO (relative weight), between 10 and 1000, or 0 to disable' },
  { long: 'cpu-period', type: 'int', usage: 'Limit CPU CFS (Completely Fair Scheduler) period' },
  { long: 'cpu-quota', type: 'int', usage: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
  { long: 'cpu-rt-period', type: 'int', usage: 'Limit the CPU real-time period in microseconds' },
  { long: 'cpu-rt-runtime', type: 'int', usage: 'Limit the CPU real-time runtime in microseconds' },
  { long: 'cpu-shares', short: 'c', type: 'int', usage: 'CPU shares (relative weight)' },
  { long: 'cpus', type: 'string', valueName: 'decimal', check: wrapCheck(parseNanoCpus), usage: 'Number of CPUs' },
  { long: 'cpuset-cpus', type: 'string', usage: 'CPUs in which to allow execution (0-3, 0,1)' },
  { long: 'cpuset-mems', type: 'string', usage: 'MEMs in which to allow execution (0-3, 0,1)' },
  { long: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
  { long: 'memory-reservation', type: 'bytes', usage: 'Memory soft limit' },
  { long: 'memory-swap', type: 'string', valueName: 'bytes', check: wrapCheck(parseSwapBytes),
    usage: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap' },
  { long: 'pids-limit', type: 'int', usage: 'Tune container pids limit (set -1 for unlimited)' },
];

/** The API's Resources fields from the parsed flags (every field, zero when not given, as docker sends them). */
export function resourcesFromFlags(p: ParsedFlags): Record<string, number | string> {
  const text = (name: string, parse: (t: string) => number) => (str(p, name) === '' ? 0 : parse(str(p, name)));
  return {
    BlkioWeight: text('blkio-weight', parseUint16),
    CpusetCpus: str(p, 'cpuset-cpus'),
    CpusetMems: str(p, 'cpuset-mems'),
    CpuShares: num(p, 'cpu-shares'),
    Memory: num(p, 'memory'),
    MemoryReservation: num(p, 'memory-reservation'),
    MemorySwap: text('memory-swap', parseSwapBytes),
    CpuPeriod: num(p, 'cpu-period'),
    CpuQuota: num(p, 'cpu-quota'),
    CpuRealtimePeriod: num(p, 'cpu-rt-period'),
    CpuRealtimeRuntime: num(p, 'cpu-rt-runtime'),
    NanoCpus: text('cpus', parseNanoCpus),
  };
}

/** docker's opts.ParseRestartPolicy: `name[:count]`; "" is "not given" (an empty name). */
export function parseRestartPolicy(text: string): { Name: string; MaximumRetryCount: number } {
  if (text === '') return { Name: '', MaximumRetryCount: 0 };
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const count = colon < 0 ? '' : text.slice(colon + 1);
  if (colon >= 0 && name === '') throw new Error('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count)) throw new Error('invalid restart policy format: maximum retry count must be an integer');
  return { Name: name, MaximumRetryCount: count === '' ? 0 : Number(count) };
}
