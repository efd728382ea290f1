/**
 * `wharf logout [SERVER]`: erases the stored credentials of a registry, as docker CLI 28 does: under
 * the name given and, for a registry other than Docker Hub, under its hostname and the hostname
 * with `http://` and `https://` (forms older clients saved). Nothing to erase is no error. Only when
 * every erase failed is there a warning — counted the way docker counts it, by distinct name, so
 * `logout host:port` (whose first two names coincide) never warns.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { HUB_KEY, convertToHostname } from '../credentials.js';
import { errorText } from '../errors.js';
import type { ParsedFlags } from '../flags/types.js';
import { openCredentials } from './shared/registry-auth.js';

/** The names docker tries, in its order (duplicates kept: docker erases them twice). */
function logoutNames(server: string): { shown: string; names: string[] } {
  if (server === '') return { shown: HUB_KEY, names: [HUB_KEY] };
  const host = convertToHostname(server);
  return { shown: host, names: [server, host, `http://${host}`, `https://${host}`] };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const { shown, names } = logoutNames(p.args[0] ?? '');
  const creds = await openCredentials(ctx);
  ctx.out(`Removing login credentials for ${shown}\n`);
  const errors = new Map<string, string>();
  for (const name of names) {
    await creds.erase(name).catch((e: unknown) => errors.set(name, errorText(e)));
  }
  if (errors.size === names.length) {
    ctx.err('WARNING: could not erase credentials:\n');
    for (const [name, text] of errors) ctx.err(`${name}: ${text}\n`);
  }
  return 0;
}

/** `wharf logout`. */
export const command: CommandSpec = {
  name: 'logout',
  use: 'logout [SERVER]',
  short: 'Log out from a registry',
  long: 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.',
  flags: [],
  args: { kind: 'max', n: 1 },
  run,
};
