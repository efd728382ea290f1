/**
 * moby's checks of HostConfig.SecurityOpt at create: `no-new-privileges`, or `key=value` (`key:value`,
 * the old separator) with a key it knows. `label=…` is accepted as Docker accepts it on a host without
 * SELinux (labels then have no effect); `systempaths=unconfined` is a docker CLI option (it sends empty
 * MaskedPaths/ReadonlyPaths instead) that the daemon refuses like any unknown key.
 */
import { InternalError } from '../errors.js';

const KEYS = new Set(['label', 'apparmor', 'seccomp', 'no-new-privileges']);
/** Go's strconv.ParseBool. */
const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

export function checkSecurityOpts(opts: readonly string[] | null | undefined): void {
  for (const opt of opts ?? []) {
    if (opt === 'no-new-privileges') continue;
    const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined;
    if (sep === undefined) throw new InternalError(`invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const [key, value] = [opt.slice(0, opt.indexOf(sep)), opt.slice(opt.indexOf(sep) + 1)];
    if (!KEYS.has(key) || (key === 'no-new-privileges' && !BOOLS.has(value))) throw new InternalError(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
  }
}
