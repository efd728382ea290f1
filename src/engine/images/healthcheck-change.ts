/**
 * The HEALTHCHECK instruction of `--change` (commit, import), with Docker 20.10's rules and
 * messages: `[--interval=D] [--timeout=D] [--start-period=D] [--retries=N] CMD <json or shell>`,
 * or `NONE`. Flags come first, each `--name=value` once; `--` ends them. `--start-interval`
 * (newer than 20.10, which refuses it as an unknown flag) is taken as Docker 25's parser takes it.
 */
import type { HealthConfig } from '../../oci/image-config.js';
import { parseGoDuration } from '../../protocol/time.js';
import { InvalidArgumentError } from '../errors.js';
import { jsonForm } from '../../build/parser/parser.js';

const FLAGS = ['interval', 'timeout', 'start-period', 'start-interval', 'retries'] as const;
type Flag = (typeof FLAGS)[number];

/** Parses the text after `HEALTHCHECK`. Throws INVALID_ARGUMENT with Docker's message. */
export function parseHealthcheckChange(text: string): HealthConfig {
  const { flags, rest } = splitFlags(text.trim());
  if (rest === '') throw new InvalidArgumentError('HEALTHCHECK requires at least one argument');
  const sp = rest.search(/\s/);
  const type = (sp < 0 ? rest : rest.slice(0, sp)).toUpperCase();
  const args = sp < 0 ? '' : rest.slice(sp).trim();
  if (type === 'NONE') {
    if (args !== '') throw new InvalidArgumentError('HEALTHCHECK NONE takes no arguments');
    return { Test: ['NONE'] };
  }
  const values = flagValues(flags);
  if (type !== 'CMD') throw new InvalidArgumentError(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  const json = jsonForm(args);
  const cmd = json ?? (args === '' ? [] : [args]);
  if (cmd.length === 0) throw new InvalidArgumentError('Missing command after HEALTHCHECK CMD');
  return {
    Test: [json ? 'CMD' : 'CMD-SHELL', ...cmd],
    ...duration('Interval', 'interval', values),
    ...duration('Timeout', 'timeout', values),
    ...duration('StartPeriod', 'start-period', values),
    ...duration('StartInterval', 'start-interval', values),
    ...retries(values.get('retries')),
  };
}

/** The leading `--…` words (BuildKit's flag syntax) and what follows them. */
function splitFlags(text: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let rest = text;
  while (rest.startsWith('--')) {
    const sp = rest.search(/\s/);
    const word = sp < 0 ? rest : rest.slice(0, sp);
    rest = sp < 0 ? '' : rest.slice(sp).trimStart();
    if (word === '--') break;
    flags.push(word.slice(2));
  }
  return { flags, rest };
}

function flagValues(flags: string[]): Map<Flag, string> {
  const values = new Map<Flag, string>();
  for (const f of flags) {
    const eq = f.indexOf('=');
    const name = eq < 0 ? f : f.slice(0, eq);
    if (!(FLAGS as readonly string[]).includes(name)) throw new InvalidArgumentError(`Unknown flag: ${name}`);
    if (values.has(name as Flag)) throw new InvalidArgumentError(`Duplicate flag specified: ${name}`);
    if (eq < 0) throw new InvalidArgumentError(`Missing a value on flag: ${name}`);
    values.set(name as Flag, f.slice(eq + 1));
  }
  return values;
}

/** Docker 20.10's parseOptInterval: an empty value is the default; any other must be at least 1ms. */
function duration(field: keyof HealthConfig, flag: Flag, values: Map<Flag, string>): Partial<HealthConfig> {
  const text = values.get(flag);
  if (!text) return {};
  let ns: number;
  try {
    ns = parseGoDuration(text);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  if (ns < 1e6) throw new InvalidArgumentError(`Interval ${JSON.stringify(flag)} cannot be less than 1ms`);
  return { [field]: ns };
}

/** strconv.ParseInt(v, 10, 32), then Docker 20.10's "at least 1". */
function retries(text: string | undefined): Partial<HealthConfig> {
  if (!text) return {};
  if (!/^[+-]?\d+$/.test(text)) throw new InvalidArgumentError(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n > 2 ** 31 - 1 || n < -(2 ** 31)) throw new InvalidArgumentError(`strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  if (n < 1) throw new InvalidArgumentError(`--retries must be at least 1 (not ${n})`);
  return { Retries: n };
}
