/**
 * The root command: global flags (docker's `-H/--host`, `-D`, `-l`, `-v`) and host resolution
 * (`-H`, then WHARF_HOST, then DOCKER_HOST, then the default socket). The help page is in
 * root-help.ts, loaded only when shown.
 */
import type { FlagSpec } from './flags/types.js';

/** The daemon socket used when the user names none. */
export const DEFAULT_HOST = 'unix:///run/wharf/wharf.sock';
/** Wharf's version (printed by `--version` and `version`). */
export const WHARF_VERSION = '0.1.0';
/** Build identifier printed after the version. */
export const WHARF_BUILD = 'wharf';

/** Flags of the root command. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { long: 'config', type: 'string', usage: 'Location of client config files', helpDefault: '"/root/.docker"' },
  { long: 'debug', short: 'D', type: 'bool', usage: 'Enable debug mode' },
  { long: 'host', short: 'H', type: 'stringArray', valueName: 'list', usage: 'Daemon socket to connect to', helpDefault: '' },
  {
    long: 'log-level', short: 'l', type: 'string', default: 'info',
    usage: 'Set the logging level ("debug", "info", "warn", "error", "fatal")',
  },
  { long: 'version', short: 'v', type: 'bool', usage: 'Print version information and quit' },
  { long: 'help', short: 'h', type: 'bool', usage: 'Print usage', hidden: true },
];

/** Picks the daemon address: `-H`, WHARF_HOST, DOCKER_HOST, else the default. */
export function resolveHost(hosts: string[], env: NodeJS.ProcessEnv): { host: string; explicit: boolean } {
  if (hosts.length > 1) throw new Error('Failed to initialize: unable to resolve docker endpoint: Specify only one -H');
  const chosen = hosts[0] || env['WHARF_HOST'] || env['DOCKER_HOST'];
  return chosen ? { host: chosen, explicit: true } : { host: DEFAULT_HOST, explicit: false };
}
