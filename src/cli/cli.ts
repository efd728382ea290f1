/**
 * `wharf`: a docker-compatible CLI, a client of the Engine API over a unix socket and nothing else.
 * This entry parses the global flags, finds the command in the registration table, loads its module
 * lazily and maps its outcome to docker's messages and exit codes. Keep its import graph small:
 * startup time is paid on every invocation.
 */
import type { Group } from './commands/index.js';
import type { CliContext, CliIO } from './context.js';
import { parseFlags } from './flags/parser.js';
import { FlagError, bool, list, str, type ParsedFlags } from './flags/types.js';
import { GLOBAL_FLAGS, WHARF_BUILD, WHARF_VERSION, resolveHost } from './root.js';
import { StatusError, errorText } from './errors.js';

const ROOT_USAGE = 'Usage:  wharf [OPTIONS] COMMAND [ARG...]';
/** Levels logrus.ParseLevel accepts (docker's `--log-level`). */
const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

/** Runs the CLI with `argv` (without node and script) and resolves to the exit status. */
export async function main(argv: string[], io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  let g: ParsedFlags;
  try {
    g = parseFlags(argv, GLOBAL_FLAGS, { interspersed: false });
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr.write(`${e.message}\n\n${ROOT_USAGE}\n\nRun 'wharf --help' for more information\n`);
    return 125;
  }
  if (bool(g, 'version')) {
    io.stdout.write(`Wharf version ${WHARF_VERSION}, build ${WHARF_BUILD}\n`);
    return 0;
  }
  const [first, ...more] = g.args;
  const helpFor = first === 'help' && more.length > 0;
  const [name, ...rest] = helpFor ? [...more, '--help'] : g.args;
  if (!LOG_LEVELS.includes(str(g, 'log-level'))) {
    io.stderr.write(`Unable to parse logging level: ${str(g, 'log-level')}\n`);
    return 1;
  }
  if (name === undefined || bool(g, 'help') || name === 'help') {
    const out = name === undefined && !bool(g, 'help') ? io.stderr : io.stdout;
    const { rootHelp } = await import('./root-help.js');
    out.write(rootHelp(io.stdout.isTTY ? (io.stdout.columns ?? 80) : 80));
    return 0;
  }
  const { commands, groups } = await import('./commands/index.js');
  const group = groups[name];
  if (group && (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h')) {
    (rest.length === 0 ? io.stderr : io.stdout).write(groupHelp(commands, name, group));
    return 0;
  }
  const target = lookup(commands, groups, name, rest);
  if (!target) {
    const usage = group ? `\n\nUsage:  wharf ${name}` : '';
    const hint = group ? `wharf ${name} --help` : 'wharf --help';
    io.stderr.write(`wharf: unknown command: wharf ${[name, ...rest.slice(0, 1)].join(' ')}${usage}\n\nRun '${hint}' for more information\n`);
    return 1;
  }
  const entry = commands[target.name];
  if (!entry) return 1;
  if (entry.raw) return entry.raw(target.argv, io);
  let host: { host: string; explicit: boolean };
  try {
    host = resolveHost(list(g, 'host'), env);
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  const global = { host: host.host, hostExplicit: host.explicit, debug: bool(g, 'debug'), logLevel: str(g, 'log-level'), config: str(g, 'config') };
  const [{ CliContext: Ctx }, { executeCommand }, { command }] = await Promise.all([
    import('./context.js'), import('./command.js'), entry.load(),
  ]);
  const ctx = new Ctx({ io, global, env });
  try {
    return await executeCommand(ctx, command, target.argv, target.path);
  } catch (e) {
    return report(ctx, e);
  } finally {
    ctx.close();
  }
}

type Commands = typeof import('./commands/index.js')['commands'];
type Groups = typeof import('./commands/index.js')['groups'];

function lookup(commands: Commands, groups: Groups, name: string, rest: string[]): { name: string; argv: string[]; path?: string } | undefined {
  if (commands[name]) return { name, argv: rest };
  const group = groups[name];
  const sub = rest[0];
  const member = sub === undefined ? undefined : group?.members[sub];
  return member ? { name: member, argv: rest.slice(1), path: `${name} ${sub}` } : undefined;
}

function groupHelp(commands: Commands, name: string, g: Group): string {
  const rows = g.listed.map((sub) => `  ${sub.padEnd(11)} ${commands[g.members[sub] ?? '']?.summary ?? ''}\n`).join('');
  return `Usage:  wharf ${name} COMMAND\n\n${g.summary}\n\nCommands:\n${rows}\nRun 'wharf ${name} COMMAND --help' for more information on a command.\n`;
}

/** Prints an error the way docker's main does and returns the exit status. */
function report(ctx: CliContext, e: unknown): number {
  if (e instanceof StatusError) {
    if (e.message) ctx.err(`${e.message}\n`);
    return e.status;
  }
  ctx.err(`${errorText(e)}\n`);
  if (ctx.global.debug && e instanceof Error && e.stack) ctx.err(`${e.stack}\n`);
  return 1;
}

/** A closed stdout (`wharf … | head`) ends the CLI like docker: message, exit 1. */
function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
  process.stderr.write('write /dev/stdout: broken pipe\n');
  process.exit(1);
}

/** Runs the CLI in this process with `argv` and exits with its status (the entries call this). */
export function runCli(argv: string[]): void {
  restoreExtraCaCerts();
  process.stdout.on('error', onStdoutError);
  const io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  main(argv, io, process.env).then(
    (status) => process.exit(status),
    (e: unknown) => {
      process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * bin/wharf starts node without NODE_EXTRA_CA_CERTS (node reads that file at start: ~40 ms, and the
 * CLI makes no TLS connection) and hands it over here, so processes the CLI starts (an autostarted
 * wharfd) get it back.
 */
function restoreExtraCaCerts(): void {
  const saved = process.env['WHARF_NODE_EXTRA_CA_CERTS'];
  if (saved === undefined) return;
  process.env['NODE_EXTRA_CA_CERTS'] = saved;
  delete process.env['WHARF_NODE_EXTRA_CA_CERTS'];
}
