/**
 * Conversions of flag text to values, with the error texts of Go's strconv and time packages, because
 * docker prints them verbatim: `invalid argument "x" for "-n, --last" flag: strconv.ParseInt: …`.
 */
import type { FlagType, FlagValue } from './types.js';

type Converter = (text: string) => FlagValue;

const NS_PER_UNIT: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** Go's strconv.ParseBool. */
export function parseGoBool(text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new Error(`strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

/** Go's strconv.ParseInt(text, 0, 64) as pflag's int flags use it. */
export function parseGoInt(text: string): number {
  if (!/^[+-]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[0-9_]+)$/.test(text)) {
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  const neg = text.startsWith('-');
  const body = text.replace(/^[+-]/, '').replaceAll('_', '');
  const n = /^0[0-7]+$/.test(body) ? parseInt(body, 8) : Number(body.replace(/^0[oO]/, '0o'));
  return neg ? -n : n;
}

/** Go's time.ParseDuration, in nanoseconds. */
export function parseGoDuration(text: string): number {
  const bad = new Error(`time: invalid duration ${JSON.stringify(text)}`);
  if (text === '0') return 0;
  const m = /^([+-]?)((?:\d*\.?\d+(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!m || !m[2]) throw bad;
  let total = 0;
  for (const part of m[2].matchAll(/(\d*\.?\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (NS_PER_UNIT[part[2] ?? ''] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** docker/go-units RAMInBytes: `512m`, `1g`, `100` (binary units). */
export function parseRamBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtpb]?)(?:i?b)?$/i.exec(text);
  const unit = BYTE_UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined) throw new Error(`invalid size: '${text}'`);
  return Math.floor(Number(m[1]) * unit);
}

const converters: Record<FlagType, Converter> = {
  bool: parseGoBool,
  string: (t) => t,
  stringArray: (t) => [t],
  int: parseGoInt,
  duration: parseGoDuration,
  bytes: parseRamBytes,
};

/** Converts flag text to a value of `type`; throws with Go's message on bad input. */
export function convertFlagValue(type: FlagType, text: string): FlagValue {
  return converters[type](text);
}

/** The zero value of a flag type (pflag's default when none is declared). */
export function zeroValue(type: FlagType): FlagValue {
  switch (type) {
    case 'bool': return false;
    case 'string': return '';
    case 'stringArray': return [];
    default: return 0;
  }
}
