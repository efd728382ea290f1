/**
 * The error of a mount that cannot be: a bad `-v`, `--mount`, `--tmpfs` or `--volumes-from`, two mounts
 * on one destination. The message is Docker's (moby volume/mounts/linux_parser.go, daemon/volumes.go);
 * engine/errors.ts classifies it as INVALID_ARGUMENT.
 */
export class InvalidMountError extends Error {
  override readonly name = 'InvalidMountError';
}

/** moby's errInvalidSpec. */
export const invalidSpec = (raw: string): InvalidMountError => new InvalidMountError(`invalid volume specification: '${raw}'`);

/** moby's errInvalidMode. */
export const invalidMode = (mode: string): InvalidMountError => new InvalidMountError(`invalid mode: ${mode}`);

/** moby's duplicateMountPointError. */
export const duplicateMountPoint = (dest: string): InvalidMountError => new InvalidMountError(`Duplicate mount point: ${dest}`);
