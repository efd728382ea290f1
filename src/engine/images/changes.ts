/**
 * `--change` instructions for import and commit (CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL,
 * ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR): the builder's parser and steps do the work
 * (build/executor/config-changes.ts); their errors are the client's.
 */
import type { ContainerDefaults } from '../../oci/image-config.js';
import { applyConfigChanges } from '../../build/executor/config-changes.js';
import { InvalidArgumentError } from '../errors.js';

/** Applies each change line in order. Throws INVALID_ARGUMENT with Docker's message. */
export function applyChanges(base: ContainerDefaults, changes: string[]): ContainerDefaults {
  try {
    return applyConfigChanges(base, changes);
  } catch (e) {
    if (e instanceof Error && 'code' in e) throw new InvalidArgumentError(e.message, { cause: e });
    throw e;
  }
}
