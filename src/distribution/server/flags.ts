/**
 * Command-line flags for `wharf registry serve|gc`: one table per command drives both parsing and
 * the Docker-style help text.
 */

/** One flag: its name, whether it takes a value, the help line, and the default shown. */
export interface FlagSpec {
  name: string;
  value?: string;
  help: string;
  default?: string;
}

/** Thrown for an unknown flag or a missing value; the CLI prints it with the usage hint. */
export class FlagError extends Error {
  readonly code = 'FLAG_INVALID';
}

/** Parsed flags: name → value (`true` for booleans). */
export type Flags = Map<string, string | true>;

/** Parses `--name value`, `--name=value` and `-h`. Positional arguments are refused. */
export function parseFlags(argv: string[], specs: FlagSpec[]): Flags {
  const out: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      out.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new FlagError(`unknown flag: --${name}`);
    if (!spec.value) {
      if (eq >= 0) throw new FlagError(`flag --${name} takes no value`);
      out.set(name, true);
      continue;
    }
    const v = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (v === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    out.set(name, v);
  }
  return out;
}

/** Docker-style help: `Usage:  wharf registry <cmd> [OPTIONS]`, a description, then the Options table. */
export function helpText(command: string, description: string, specs: FlagSpec[]): string {
  const all = [...specs, { name: 'help', help: 'Print usage' }];
  const left = all.map((s) => `      --${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 3;
  const rows = all.map((s, i) => `${left[i]!.padEnd(width)}${s.help}${s.default ? ` (default ${JSON.stringify(s.default)})` : ''}`);
  return `\nUsage:  wharf registry ${command} [OPTIONS]\n\n${description}\n\nOptions:\n${rows.join('\n')}\n`;
}
