/**
 * The local driver's options (`docker volume create -o k=v`), checked as moby's local driver
 * (volume/local/local_unix.go) checks them: only `type`, `device`, `o` and `size`; `device` needs
 * `type`, `type` needs `device`, `o` needs `device`; `size` is a quota, which needs a quota-capable
 * filesystem (the reference answers "quota size requested but no quota support" here, and so
 * does Wharf: it has no quota support). A volume with `type` and `device` is mounted when a
 * container first mounts it (driver.ts).
 */
import { InvalidVolumeOptionError } from './errors.js';

const VALID = ['type', 'device', 'o', 'size'];
/** Option → the options it needs, in moby's order. */
const NEEDS: Array<[string, string[]]> = [['device', ['type']], ['type', ['device']], ['o', ['device']]];

/** What to mount for a volume with options. */
export interface DeviceMount { type: string; device: string; options: string }

/** Throws InvalidVolumeOptionError with Docker's message; `name` is the volume's (for `create <name>: …`). */
export function validateVolumeOptions(name: string, opts: Record<string, string> | null | undefined): void {
  if (!opts || Object.keys(opts).length === 0) return;
  for (const k of Object.keys(opts)) {
    if (!VALID.includes(k)) throw new InvalidVolumeOptionError('create', name, `invalid option: ${JSON.stringify(k)}`);
  }
  for (const [k, needs] of NEEDS) {
    if (!(k in opts)) continue;
    for (const n of needs) if (!(n in opts)) throw new InvalidVolumeOptionError('create', name, `missing required option: ${JSON.stringify(n)}`);
  }
  if ('size' in opts) throw new InvalidVolumeOptionError('create', name, 'quota size requested but no quota support');
}

/** The mount a volume's options describe, or undefined for a plain directory volume. */
export function deviceMount(opts: Record<string, string> | null | undefined): DeviceMount | undefined {
  if (!opts?.type || !opts.device) return undefined;
  return { type: opts.type, device: opts.device, options: opts.o ?? '' };
}
