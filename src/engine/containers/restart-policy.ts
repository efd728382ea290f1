/** Docker's checks of a restart policy (create and update), with its messages. */
import type { RestartPolicy } from './record.js';
import { InvalidArgumentError } from '../errors.js';

const NAMES = new Set(['no', 'always', 'unless-stopped', 'on-failure']);

/** Throws INVALID_ARGUMENT for a policy Docker refuses; an empty name is "no". */
export function validateRestartPolicy(p: RestartPolicy): void {
  const name = p.Name || 'no';
  const count = p.MaximumRetryCount ?? 0;
  if (!NAMES.has(name)) throw new InvalidArgumentError(`invalid restart policy '${name}'`);
  if (count < 0) throw new InvalidArgumentError('maximum retry count cannot be negative');
  if (name !== 'on-failure' && count > 0) {
    throw new InvalidArgumentError(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
  }
}
