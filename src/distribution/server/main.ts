/**
 * `wharf registry serve|gc`: the registry's command line. `registryCommand` is the entry point the
 * CLI wires in; running this file directly (`node dist/src/distribution/server/main.js serve …`)
 * does the same.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, type RegistryConfig, checkLevel, defaultConfig, loadConfigFile, parseDuration } from './config.js';
import { FlagError, type FlagSpec, type Flags, helpText, parseFlags } from './flags.js';
import { RegistryServer } from './server.js';
import { collectGarbage } from './storage/gc.js';

/** Where the command writes. */
export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const COMMON: FlagSpec[] = [
  { name: 'config', value: 'file', help: 'YAML configuration file (distribution-style keys)' },
  { name: 'root', value: 'dir', help: 'Storage root directory', default: defaultConfig().root },
];

const SERVE_FLAGS: FlagSpec[] = [
  { name: 'addr', value: 'host:port', help: 'Address to listen on', default: defaultConfig().addr },
  ...COMMON,
  { name: 'tls-cert', value: 'file', help: 'TLS certificate (PEM); serve HTTPS' },
  { name: 'tls-key', value: 'file', help: 'TLS private key (PEM)' },
  { name: 'htpasswd', value: 'file', help: 'Require Basic auth against an htpasswd file (bcrypt)' },
  { name: 'read-only', help: 'Refuse pushes and deletes' },
  { name: 'delete-enabled', help: 'Allow deleting manifests, tags and blobs' },
  { name: 'log-level', value: 'level', help: 'debug, info, warn, error or silent', default: 'info' },
];

const GC_FLAGS: FlagSpec[] = [
  ...COMMON,
  { name: 'dry-run', help: 'Only report what would be deleted' },
  { name: 'grace', value: 'duration', help: 'Spare content younger than this', default: '10m' },
  { name: 'keep-untagged', help: 'Keep untagged manifests; only remove unreferenced blobs' },
];

async function configFrom(flags: Flags): Promise<RegistryConfig> {
  const file = flags.get('config');
  const c = typeof file === 'string' ? await loadConfigFile(file) : defaultConfig();
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  if (str('addr')) c.addr = str('addr')!;
  if (str('root')) c.root = str('root')!;
  if (str('tls-cert') || str('tls-key')) {
    if (!str('tls-cert') || !str('tls-key')) throw new ConfigError('--tls-cert and --tls-key go together');
    c.tls = { cert: str('tls-cert')!, key: str('tls-key')! };
  }
  if (str('htpasswd')) c.htpasswd = { path: str('htpasswd')!, realm: 'wharf-registry' };
  if (flags.get('read-only')) c.readOnly = true;
  if (flags.get('delete-enabled')) c.deleteEnabled = true;
  if (str('log-level')) c.logLevel = checkLevel(str('log-level')!);
  if (str('grace')) c.gcGraceMs = parseDuration(str('grace'), '--grace');
  return c;
}

async function serve(flags: Flags, io: CommandIO): Promise<number> {
  const server = await RegistryServer.create(await configFrom(flags), { logStream: io.stderr });
  await server.listen();
  await new Promise<void>((resolve) => {
    const stop = (sig: NodeJS.Signals) => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      server.services.log.info('shutting down', { signal: sig });
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

async function gc(flags: Flags, io: CommandIO): Promise<number> {
  const c = await configFrom(flags);
  const dryRun = flags.get('dry-run') === true;
  const report = await collectGarbage(c.root, {
    dryRun, graceMs: c.gcGraceMs, keepUntagged: flags.get('keep-untagged') === true, onEvent: (l) => io.stdout.write(`${l}\n`),
  });
  const verb = dryRun ? 'would delete' : 'deleted';
  io.stdout.write(`${verb} ${report.manifestsDeleted.length} manifests and ${report.blobsDeleted.length} blobs (${report.bytesFreed} bytes); kept ${report.blobsKept} blobs\n`);
  return 0;
}

const COMMANDS: Record<string, { flags: FlagSpec[]; description: string; run: (f: Flags, io: CommandIO) => Promise<number> }> = {
  serve: { flags: SERVE_FLAGS, description: 'Run an OCI Distribution registry in the foreground', run: serve },
  gc: { flags: GC_FLAGS, description: 'Remove unreferenced blobs and untagged manifests from a registry root', run: gc },
};

function mainHelp(): string {
  return '\nUsage:  wharf registry COMMAND\n\nRun and maintain an OCI Distribution registry\n\nCommands:\n'
    + '  gc          Remove unreferenced blobs and untagged manifests\n  serve       Run the registry server\n\n'
    + "Run 'wharf registry COMMAND --help' for more information on a command.\n";
}

/** `wharf registry …`: returns the exit code; `serve` resolves after SIGINT/SIGTERM and a graceful stop. */
export async function registryCommand(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.stdout.write(mainHelp());
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr.write(`wharf registry: unknown command "${name}"\nSee 'wharf registry --help'.\n`);
    return 1;
  }
  try {
    const flags = parseFlags(rest, cmd.flags);
    if (flags.get('help')) {
      io.stdout.write(helpText(name, cmd.description, cmd.flags));
      return 0;
    }
    return await cmd.run(flags, io);
  } catch (e) {
    const hint = e instanceof FlagError ? `\nSee 'wharf registry ${name} --help'.` : '';
    io.stderr.write(`wharf registry ${name}: ${(e as Error).message}${hint}\n`);
    return e instanceof FlagError || e instanceof ConfigError ? 125 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  registryCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => process.exit(code));
}
