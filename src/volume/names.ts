/**
 * Local volume names, as Docker's local driver checks them (moby volume/local validateName): at
 * least two characters, `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. So `/`, `..`, a leading `.` or `-` and spaces
 * are refused, and a name can never leave `<data-root>/volumes`. Anonymous volumes get 64 random hex
 * digits, like Docker's stringid.GenerateRandomID.
 */
import { randomBytes } from 'node:crypto';
import { InvalidVolumeNameError } from './errors.js';

/** Docker's names.RestrictedNameChars, as its message quotes it. */
export const RESTRICTED_NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Throws InvalidVolumeNameError with Docker's message (`op` is the operation that names it: `create`). */
export function validateVolumeName(name: string, op = 'create'): void {
  if (name.length === 1) {
    throw new InvalidVolumeNameError(op, name, 'volume name is too short, names should be at least two alphanumeric characters');
  }
  if (!NAME.test(name)) {
    throw new InvalidVolumeNameError(op, name, `${JSON.stringify(name)} includes invalid characters for a local volume name, only ${JSON.stringify(RESTRICTED_NAME_CHARS)} are allowed. If you intended to pass a host directory, use absolute path`);
  }
}

/** A fresh anonymous volume name (64 hex digits; Docker retries one that is all digits, as IDs must not look like numbers). */
export function randomVolumeName(): string {
  for (;;) {
    const id = randomBytes(32).toString('hex');
    if (!/^\d+$/.test(id.slice(0, 12))) return id;
  }
}
