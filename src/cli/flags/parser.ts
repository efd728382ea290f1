/**
 * A small command-line parser with spf13/pflag's semantics, which docker's CLI is built on.
 *
 * Why not commander/yargs: docker users rely on pflag rules those libraries do not have, or have
 * differently: combined shorthands with a value glued to the last one (`-dit`, `-eFOO=bar`, `-p80:80`),
 * `--flag=false` for booleans, a non-boolean long flag taking the next word even when it starts with
 * `-` (`--entrypoint -x`), repeatable string-array flags, "non-interspersed" commands (`run`, `exec`,
 * `create`) where the first positional ends flag parsing so everything after the image is the
 * container's command, `--` ending flags, and pflag's exact error texts that docker prints. The whole
 * grammar is ~100 lines here; a dependency would need as much glue and load slower on every start.
 */
import { convertFlagValue, zeroValue } from './values.js';
import { FlagError, type FlagSpec, type FlagValue, type ParsedFlags } from './types.js';

/** Options for one parse. */
export interface ParseOptions {
  /** Whether flags may follow positionals (pflag's SetInterspersed). Default true. */
  interspersed?: boolean;
}

interface State {
  specs: readonly FlagSpec[];
  values: Record<string, FlagValue>;
  changed: Set<string>;
}

/** Parses `argv` against `specs`. Throws FlagError with pflag's wording. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], opts: ParseOptions = {}): ParsedFlags {
  const st: State = { specs, values: defaults(specs), changed: new Set() };
  const args: string[] = [];
  const rest = [...argv];
  while (rest.length > 0) {
    const a = rest.shift() as string;
    if (a === '--') {
      args.push(...rest);
      break;
    }
    if (a.length < 2 || !a.startsWith('-')) {
      args.push(a);
      if (opts.interspersed === false) {
        args.push(...rest);
        break;
      }
      continue;
    }
    if (a.startsWith('--')) parseLong(st, a.slice(2), rest);
    else parseShorts(st, a.slice(1), rest);
  }
  return { values: st.values, changed: st.changed, args };
}

function defaults(specs: readonly FlagSpec[]): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const s of specs) {
    const d = s.default ?? zeroValue(s.type);
    values[s.long] = Array.isArray(d) ? [...d] : d;
  }
  return values;
}

function parseLong(st: State, body: string, rest: string[]): void {
  const eq = body.indexOf('=');
  const name = eq >= 0 ? body.slice(0, eq) : body;
  const spec = st.specs.find((s) => s.long === name);
  if (!spec) throw new FlagError(`unknown flag: --${name}`);
  if (eq >= 0) return setValue(st, spec, body.slice(eq + 1));
  if (spec.type === 'bool') return setValue(st, spec, 'true');
  if (rest.length === 0) throw new FlagError(`flag needs an argument: --${name}`);
  setValue(st, spec, rest.shift() as string);
}

function parseShorts(st: State, shorts: string, rest: string[]): void {
  let s = shorts;
  while (s.length > 0) {
    const c = s[0] as string;
    const spec = st.specs.find((f) => f.short === c);
    if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${shorts}`);
    if (s.length > 2 && s[1] === '=') return setValue(st, spec, s.slice(2));
    if (spec.type === 'bool') {
      setValue(st, spec, 'true');
      s = s.slice(1);
      continue;
    }
    if (s.length > 1) return setValue(st, spec, s.slice(1));
    if (rest.length === 0) throw new FlagError(`flag needs an argument: '${c}' in -${shorts}`);
    return setValue(st, spec, rest.shift() as string);
  }
}

function setValue(st: State, spec: FlagSpec, text: string): void {
  let v: FlagValue;
  try {
    spec.check?.(text);
    v = convertFlagValue(spec.type, text);
  } catch (e) {
    const label = spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
    throw new FlagError(`invalid argument ${JSON.stringify(text)} for "${label}" flag: ${(e as Error).message}`);
  }
  if (spec.type === 'stringArray') {
    const prev = st.changed.has(spec.long) ? (st.values[spec.long] as string[]) : [];
    v = [...prev, text];
  }
  st.values[spec.long] = v;
  st.changed.add(spec.long);
}
