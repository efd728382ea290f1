/**
 * The shape of a command module and the generic part of running one: parse flags with the
 * command's table, answer `--help`, check the number of arguments with docker's messages, then call
 * the command's `run`. Each `commands/<noun>.ts` exports one `command: CommandSpec`.
 */
import type { CliContext } from './context.js';
import { FlagUsageError, StatusError } from './errors.js';
import { parseFlags } from './flags/parser.js';
import { FlagError, type FlagSpec, type ParsedFlags } from './flags/types.js';

/** How many positional arguments a command takes. */
export type ArgsRule =
  | { kind: 'none' }
  | { kind: 'exact'; n: number }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'range'; min: number; max: number };

/** A command: its flag table, help text, argument rule, and action. */
export interface CommandSpec {
  /** e.g. `run`. */
  name: string;
  /** Usage after the program name, e.g. `run [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  use: string;
  short: string;
  /** The help page's description, when it says more than `short` (cobra's Long). */
  long?: string;
  /** Other spellings, e.g. `container run`, listed under `Aliases:` with the program name. */
  aliases?: string[];
  flags: FlagSpec[];
  /** false: flags stop at the first positional (run, exec, create). Default true. */
  interspersed?: boolean;
  args: ArgsRule;
  /** Runs the command; resolves to the exit status. */
  run(ctx: CliContext, p: ParsedFlags): Promise<number>;
}

/** The help flag cobra adds; `-h` only when the command does not use it (run's `-h` is hostname). */
function helpFlag(spec: CommandSpec): FlagSpec {
  const taken = spec.flags.some((f) => f.short === 'h');
  return { long: 'help', ...(taken ? {} : { short: 'h' }), type: 'bool', usage: 'Print usage', hidden: true };
}

/**
 * Parses `argv` (the words after the command name) and runs the command. `invokedAs` is the name
 * the user typed when it differs (`container ls` for `ps`); usage lines then show that name.
 */
export async function executeCommand(ctx: CliContext, spec: CommandSpec, argv: readonly string[], invokedAs?: string): Promise<number> {
  const name = invokedAs ?? spec.name;
  const path = `${ctx.program} ${name}`;
  const usage = `${ctx.program} ${name}${spec.use.slice(spec.name.length)}`;
  let parsed: ParsedFlags;
  try {
    const flags = spec.flags.some((f) => f.long === 'help') ? spec.flags : [...spec.flags, helpFlag(spec)];
    parsed = parseFlags(argv, flags, { interspersed: spec.interspersed ?? true });
  } catch (e) {
    if (e instanceof FlagError) throw new FlagUsageError(e.message, path, usage);
    throw e;
  }
  for (const f of spec.flags) {
    if (f.deprecated && parsed.changed.has(f.long)) ctx.err(`Flag --${f.long} has been deprecated, ${f.deprecated}\n`);
  }
  if (parsed.values['help'] === true) {
    ctx.out(await commandHelp(ctx, invokedAs ? { ...spec, use: `${name}${spec.use.slice(spec.name.length)}` } : spec));
    return 0;
  }
  checkArgs(spec.args, parsed.args.length, path, usage);
  return spec.run(ctx, parsed);
}

/** The `--help` text of a command (the renderer is loaded only when help is asked for). */
export async function commandHelp(ctx: CliContext, spec: CommandSpec): Promise<string> {
  const { renderHelp } = await import('./flags/help.js');
  // docker lists the group form first (`volume ls, volume list`), a top-level form last (`image ls, image list, images`).
  const forms = spec.name.includes(' ') ? [spec.name, ...(spec.aliases ?? [])] : [...(spec.aliases ?? []), spec.name];
  const aliases = spec.aliases?.length ? forms.map((a) => `${ctx.program} ${a}`).join(', ') : undefined;
  return renderHelp(
    { usage: `${ctx.program} ${spec.use}`, description: spec.long ?? spec.short, ...(aliases ? { aliases } : {}), flags: spec.flags },
    ctx.columns(),
  );
}

function checkArgs(rule: ArgsRule, n: number, path: string, usage: string): void {
  const plural = (k: number): string => (k === 1 ? 'argument' : 'arguments');
  let problem: string | undefined;
  let verb = 'Run';
  if (rule.kind === 'none' && n > 0) problem = 'accepts no arguments';
  if (rule.kind === 'exact' && n !== rule.n) problem = `requires ${rule.n} ${plural(rule.n)}`;
  if (rule.kind === 'min' && n < rule.n) {
    problem = `requires at least ${rule.n} ${plural(rule.n)}`;
    verb = 'See';
  }
  if (rule.kind === 'max' && n > rule.n) {
    problem = `requires at most ${rule.n} ${plural(rule.n)}`;
    verb = 'SRun'; // sic: docker CLI 28's RequiresMaxArgs prints "SRun 'docker images --help' …"
  }
  if (rule.kind === 'range' && (n < rule.min || n > rule.max)) problem = `requires at least ${rule.min} and at most ${rule.max} ${plural(rule.max)}`;
  if (problem === undefined) return;
  const prog = path.split(' ')[0] ?? '';
  throw new StatusError(1, `${prog}: '${path}' ${problem}\n\nUsage:  ${usage}\n\n${verb} '${path} --help' for more information`);
}
