/**
 * Declarative flag tables: each command lists its flags as data, the parser and the help renderer read
 * the same table. Types follow spf13/pflag's (`bool`, `string`, `stringArray`, `int`, `duration`, `bytes`).
 */

/** The value kinds a flag can hold. `stringArray` flags may repeat and keep every value. */
export type FlagType = 'bool' | 'string' | 'stringArray' | 'int' | 'duration' | 'bytes';

/** One flag of a command, as pflag would declare it. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `rm`. */
  long: string;
  /** One-letter shorthand without the dash, e.g. `d`. */
  short?: string;
  type: FlagType;
  /** Default value; for stringArray an array. Omitted means the type's zero value. */
  default?: FlagValue;
  usage: string;
  /** Hidden flags parse but do not appear in `--help`. */
  hidden?: boolean;
  /**
   * The value placeholder shown in help (docker shows `list` for repeatable options, `filter` for
   * filters). Defaults to the pflag type name (`string`, `int`, `duration`, `bytes`, `stringArray`).
   */
  valueName?: string;
  /** Default as printed in help (`(default …)`), when it differs from the formatted default. */
  helpDefault?: string;
  /** pflag's MarkDeprecated: the flag still works (hidden) and its use prints `Flag --x has been deprecated, <this>`. */
  deprecated?: string;
  /** Extra validation of each value; throw an Error whose message pflag would print after the flag. */
  check?: (text: string) => void;
}

/** A parsed flag value. */
export type FlagValue = boolean | string | string[] | number;

/** The result of parsing one command line against a flag table. */
export interface ParsedFlags {
  /** Every flag of the table by long name, with defaults filled in. */
  values: Record<string, FlagValue>;
  /** Long names of the flags given on the command line. */
  changed: Set<string>;
  /** Positional arguments in order (after the first positional when not interspersed). */
  args: string[];
}

/** Thrown for a command line that does not match the flag table; the message is pflag's. */
export class FlagError extends Error {
  readonly code = 'FLAG_ERROR';
}

/** Reads a string flag from a parse result. */
export function str(p: ParsedFlags, name: string): string {
  const v = p.values[name];
  return typeof v === 'string' ? v : '';
}

/** Reads a boolean flag from a parse result. */
export function bool(p: ParsedFlags, name: string): boolean {
  return p.values[name] === true;
}

/** Reads a numeric (int, duration in ns, bytes) flag from a parse result. */
export function num(p: ParsedFlags, name: string): number {
  const v = p.values[name];
  return typeof v === 'number' ? v : 0;
}

/** Reads a stringArray flag from a parse result. */
export function list(p: ParsedFlags, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v) ? v : [];
}
