/** BuildKit's BFlags: `--name[=value]` words checked against what an instruction accepts, with 20.10's messages. */
import { InstructionError } from './types.js';

export type FlagKind = 'bool' | 'string' | 'strings';

/** The flags an instruction was given, by name. */
export class Flags {
  constructor(readonly values: Map<string, string[]>) {}
  string(name: string): string | undefined { return this.values.get(name)?.[0]; }
  bool(name: string): boolean { return this.values.get(name)?.[0] === 'true'; }
  list(name: string): string[] { return this.values.get(name) ?? []; }
  has(name: string): boolean { return this.values.has(name); }
}

/** Parses `words` (each starting with `--`) against `spec`; throws Docker's message. */
export function parseFlags(words: string[], spec: Record<string, FlagKind>, line: number): Flags {
  const values = new Map<string, string[]>();
  for (const w of words) {
    const body = w.slice(2);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq < 0 ? '' : body.slice(eq + 1);
    const kind = spec[name];
    const fail = (m: string): never => { throw new InstructionError(m, line); };
    if (!kind) fail(`Unknown flag: ${name}`);
    if (values.has(name) && kind !== 'strings') fail(`Duplicate flag specified: ${name}`);
    if (kind === 'bool') {
      if (eq >= 0 && value === '') fail(`Missing a value on flag: ${name}`);
      const lower = value.toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') fail(`Expecting boolean value for flag ${name}, not: ${value}`);
      values.set(name, [lower || 'true']);
    } else {
      if (eq < 0) fail(`Missing a value on flag: ${name}`);
      values.set(name, [...(values.get(name) ?? []), value]);
    }
  }
  return new Flags(values);
}
