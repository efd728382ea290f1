/**
 * HEALTHCHECK's arguments, with Docker 20.10's rules and messages: `[--interval=D] [--timeout=D]
 * [--start-period=D] [--retries=N] CMD <json or shell>`, or `NONE`. `--start-interval` (newer than
 * 20.10, which calls it an unknown flag) is taken as Docker 25 takes it. Also the parser of
 * `--change 'HEALTHCHECK …'` (commit, import).
 */
import { parseGoDuration } from '../../protocol/time.js';
import { goQuote } from '../../util/go-quote.js';
import type { Flags, FlagKind } from './flags.js';
import { InstructionError, type HealthSettings } from './types.js';
import { maybeJson } from './words.js';

export const HEALTHCHECK_FLAGS: Record<string, FlagKind> = {
  interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string',
};

/** The settings of `HEALTHCHECK <args>` given its flags. */
export function parseHealthcheck(args: string, flags: Flags, line: number): HealthSettings {
  const fail = (m: string): never => { throw new InstructionError(m, line); };
  if (args === '') fail('HEALTHCHECK requires at least one argument');
  const sp = args.search(/\s/);
  const type = (sp < 0 ? args : args.slice(0, sp)).toUpperCase();
  const rest = sp < 0 ? '' : args.slice(sp).trim();
  if (type === 'NONE') {
    if (rest !== '') fail('HEALTHCHECK NONE takes no arguments');
    return { test: ['NONE'] };
  }
  if (type !== 'CMD') fail(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
  const json = maybeJson(rest, line);
  const cmd = json ?? (rest === '' ? [] : [rest]);
  if (cmd.length === 0) fail('Missing command after HEALTHCHECK CMD');
  const d = (flag: string) => duration(flags.string(flag), flag, line);
  const h: HealthSettings = { test: [json ? 'CMD' : 'CMD-SHELL', ...cmd] };
  const interval = d('interval');
  const timeout = d('timeout');
  const startPeriod = d('start-period');
  const startInterval = d('start-interval');
  const retries = parseRetries(flags.string('retries'), line);
  return {
    ...h, ...(interval ? { interval } : {}), ...(timeout ? { timeout } : {}), ...(startPeriod ? { startPeriod } : {}),
    ...(startInterval ? { startInterval } : {}), ...(retries ? { retries } : {}),
  };
}

/** Docker 20.10's parseOptInterval: empty is the default (0); anything else must be at least 1ms. */
function duration(text: string | undefined, flag: string, line: number): number {
  if (!text) return 0;
  let ns: number;
  try {
    ns = parseGoDuration(text);
  } catch (e) {
    throw new InstructionError((e as Error).message, line);
  }
  if (ns < 1e6) throw new InstructionError(`Interval ${goQuote(flag)} cannot be less than 1ms`, line);
  return ns;
}

/** strconv.ParseInt(v, 10, 32), then Docker 20.10's "at least 1". */
function parseRetries(text: string | undefined, line: number): number {
  if (!text) return 0;
  const fail = (m: string): never => { throw new InstructionError(m, line); };
  if (!/^[+-]?\d+$/.test(text)) fail(`strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`);
  const n = Number(text);
  if (n > 2 ** 31 - 1 || n < -(2 ** 31)) fail(`strconv.ParseInt: parsing ${goQuote(text)}: value out of range`);
  if (n < 1) fail(`--retries must be at least 1 (not ${n})`);
  return n;
}
