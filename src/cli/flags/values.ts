/**
 * Conversions of flag text to values, with the error texts of Go's strconv and time packages, because
 * docker prints them verbatim: `invalid argument "x" for "-n, --last" flag: strconv.ParseInt: …`.
 */
import type { FlagType, FlagValue } from './types.js';
import { parseGoDuration } from '../../protocol/time.js';

type Converter = (text: string) => FlagValue;

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
