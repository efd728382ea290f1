/**
 * Daemon configuration: flags, and daemon.json with the same keys (Docker's rule: a setting given
 * both ways is an error, not a silent override).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface DaemonConfig {
  dataRoot: string;
  execRoot: string;
  hosts: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** The default log driver of containers and its options (Wharf's default caps and rotates logs). */
  logDriver: string;
  /** Unset: Wharf's caps for json-file (engine/containers/logs/policy.ts), none for other drivers. */
  logOpts?: Record<string, string>;
  /** Containers run an init process unless they say otherwise (`--init`). */
  init?: boolean;
  /** The init binary (default: catatonit from PATH). */
  initPath?: string;
  configFile?: string;
  /** `bip`: the default bridge's address and prefix (`172.30.0.1/16`). */
  bip?: string;
  /** `fixed-cidr`: the default bridge's range for container addresses. */
  fixedCidr?: string;
  /** `default-address-pools`: where network subnets come from (Docker's pools when unset). */
  defaultAddressPools?: Array<{ base: string; size: number }>;
  /** `insecure-registries`: names or CIDRs reached without TLS verification (127.0.0.0/8 always is). */
  insecureRegistries?: string[];
  /** `registry-mirrors`: docker.io mirrors, tried in order before Docker Hub. */
  registryMirrors?: string[];
  /** `max-concurrent-downloads` (default 3) and `max-concurrent-uploads` (default 5). */
  maxConcurrentDownloads?: number;
  maxConcurrentUploads?: number;
}

export const DEFAULTS: DaemonConfig = {
  dataRoot: '/var/lib/wharf',
  execRoot: '/run/wharf',
  hosts: ['unix:///run/wharf/wharf.sock'],
  logLevel: 'info',
  logDriver: 'json-file',
};

export class ConfigError extends Error {
  readonly code = 'CONFIG';
}

const FILE_KEYS: Record<string, keyof DaemonConfig> = {
  'data-root': 'dataRoot', 'exec-root': 'execRoot', hosts: 'hosts', 'log-level': 'logLevel', 'log-driver': 'logDriver', 'log-opts': 'logOpts',
  init: 'init', 'init-path': 'initPath', bip: 'bip', 'fixed-cidr': 'fixedCidr', 'default-address-pools': 'defaultAddressPools',
  'insecure-registries': 'insecureRegistries', 'registry-mirrors': 'registryMirrors',
  'max-concurrent-downloads': 'maxConcurrentDownloads', 'max-concurrent-uploads': 'maxConcurrentUploads',
};
const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'];

type FileValue = 'string' | 'boolean' | 'string list' | 'string map' | 'pool list' | 'count';
/** What each daemon.json value must be (Docker refuses a file whose values do not fit its types). */
const FILE_TYPES: Record<string, FileValue> = {
  'data-root': 'string', 'exec-root': 'string', hosts: 'string list', 'log-level': 'string', 'log-driver': 'string',
  'log-opts': 'string map', debug: 'boolean', init: 'boolean', 'init-path': 'string',
  bip: 'string', 'fixed-cidr': 'string', 'default-address-pools': 'pool list',
  'insecure-registries': 'string list', 'registry-mirrors': 'string list', 'max-concurrent-downloads': 'count', 'max-concurrent-uploads': 'count',
};

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** Why `v` cannot be daemon.json's `key`; undefined when it can. */
function misfit(key: string, v: unknown): string | undefined {
  const want = FILE_TYPES[key];
  if (!want) return undefined;
  if (want === 'count') return Number.isInteger(v) && (v as number) >= 1 ? undefined : `"${key}" must be a positive whole number`;
  if (want === 'string' || want === 'boolean') return typeof v === want ? undefined : `"${key}" must be a ${want}, not ${jsonType(v)}`;
  if (want === 'pool list') {
    const ok = Array.isArray(v) && v.every((p) => typeof p === 'object' && p !== null && typeof (p as { base?: unknown }).base === 'string' && Number.isInteger((p as { size?: unknown }).size));
    return ok ? undefined : `"${key}" must be a list of {"base": string, "size": number}`;
  }
  if (want === 'string list') return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : `"${key}" must be a list of strings`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `"${key}" must be an object of strings, not ${jsonType(v)}`;
  const bad = Object.entries(v).find(([, x]) => typeof x !== 'string');
  return bad ? `"${key}": the value of "${bad[0]}" must be a string, not ${jsonType(bad[1])}` : undefined;
}

export const USAGE = `Usage:\twharfd [OPTIONS]

A Docker-compatible container engine daemon

Options:
      --config-file string   Daemon configuration file (default "/etc/wharf/daemon.json")
      --data-root string     Root directory of persistent state (default "/var/lib/wharf")
  -D, --debug                Enable debug mode
      --exec-root string     Root directory for execution state files (default "/run/wharf")
  -h, --help                 Print usage
  -H, --host list            Daemon socket to listen on (default unix:///run/wharf/wharf.sock)
      --init                 Run an init in the container to forward signals and reap processes
      --init-path string     Path to the docker-init binary (default: catatonit from PATH)
      --insecure-registry list
                             Enable insecure registry communication
      --log-driver string    Default driver for container logs (default "json-file")
  -l, --log-level string     Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
      --log-opt map          Default log driver options for containers (default max-size=10m, max-file=3 for json-file)
      --max-concurrent-downloads int
                             Set the max concurrent downloads (default 3)
      --max-concurrent-uploads int
                             Set the max concurrent uploads (default 5)
      --registry-mirror list Preferred registry mirror
  -v, --version              Print version information and quit
`;

export function parseDaemonArgs(argv: string[]): { config: DaemonConfig; help: boolean; version: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-root': { type: 'string' }, 'exec-root': { type: 'string' }, host: { type: 'string', short: 'H', multiple: true },
      'config-file': { type: 'string' }, 'log-level': { type: 'string', short: 'l' }, debug: { type: 'boolean', short: 'D' },
      'log-driver': { type: 'string' }, 'log-opt': { type: 'string', multiple: true },
      init: { type: 'boolean' }, 'init-path': { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true }, 'registry-mirror': { type: 'string', multiple: true },
      'max-concurrent-downloads': { type: 'string' }, 'max-concurrent-uploads': { type: 'string' },
      help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
    },
    strict: true,
  });
  const flags: Partial<DaemonConfig> = {};
  if (values['data-root']) flags.dataRoot = values['data-root'];
  if (values['exec-root']) flags.execRoot = values['exec-root'];
  if (values.host?.length) flags.hosts = values.host;
  if (values['log-level']) flags.logLevel = values['log-level'] as DaemonConfig['logLevel'];
  if (values.debug) flags.logLevel = 'debug';
  if (values['log-driver']) flags.logDriver = values['log-driver'];
  if (values['log-opt']?.length) flags.logOpts = keyValues(values['log-opt'], '--log-opt');
  if (values.init) flags.init = true;
  if (values['init-path']) flags.initPath = values['init-path'];
  if (values['insecure-registry']?.length) flags.insecureRegistries = values['insecure-registry'];
  if (values['registry-mirror']?.length) flags.registryMirrors = values['registry-mirror'];
  for (const [flag, key] of [['max-concurrent-downloads', 'maxConcurrentDownloads'], ['max-concurrent-uploads', 'maxConcurrentUploads']] as const) {
    const v = values[flag];
    if (v === undefined) continue;
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new ConfigError(`invalid argument "${v}" for "--${flag}" flag: must be a positive integer`);
    flags[key] = Number(v);
  }
  const explicitFile = values['config-file'];
  const file = loadConfigFile(explicitFile ?? '/etc/wharf/daemon.json', explicitFile !== undefined);
  const both = Object.keys(file).filter((k) => (flags as Record<string, unknown>)[k] !== undefined);
  if (both.length > 0) {
    throw new ConfigError(`the following directives are specified both as a flag and in the configuration file: ${both.map(fileKeyOf).join(', ')}`);
  }
  const config: DaemonConfig = { ...DEFAULTS, ...file, ...flags, ...(explicitFile ? { configFile: explicitFile } : {}) };
  if (!LEVELS.includes(config.logLevel)) throw new ConfigError(`unable to parse logging level: ${config.logLevel}`);
  return { config, help: Boolean(values.help), version: Boolean(values.version) };
}

/** `k=v` flag values as a map; a value without `=` is an error. */
function keyValues(items: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError(`invalid value "${item}" for flag ${flag}: expected key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function fileKeyOf(k: string): string {
  return Object.entries(FILE_KEYS).find(([, v]) => v === k)?.[0] ?? k;
}

function loadConfigFile(path: string, required: boolean): Partial<DaemonConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`unable to configure the Wharf daemon with file ${path}: ${(e as Error).message}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`unable to configure the Wharf daemon with file ${path}: ${(e as Error).message}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    const key = FILE_KEYS[k];
    if (k !== 'debug' && !key) throw new ConfigError(`the following directives don't match any configuration option: ${k}`);
    const bad = misfit(k, v);
    if (bad) throw new ConfigError(`unable to configure the Wharf daemon with file ${path}: ${bad}`);
    if (k === 'debug') { if (v === true) out.logLevel = 'debug'; continue; }
    out[key!] = v;
  }
  return out as Partial<DaemonConfig>;
}
