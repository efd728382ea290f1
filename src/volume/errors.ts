/**
 * The volume layer's errors, one class per kind; engine/errors.ts maps each class to a category.
 * Messages are Docker's (moby volume/service OpError): `<op> <name>: <reason>`, e.g.
 * `get nope: no such volume`, `remove v1: volume is in use - [<id>]`.
 */

/** The base: what went wrong (`op`) with which volume (`volume`). */
export class VolumeError extends Error {
  constructor(readonly op: string, readonly volume: string, reason: string) {
    super(volume ? `${op} ${volume}: ${reason}` : `${op}: ${reason}`);
  }
}

/** A name the local driver refuses (Docker's validateName). */
export class InvalidVolumeNameError extends VolumeError {}

/** Driver options the local driver refuses (an unknown key, a missing companion, a quota). */
export class InvalidVolumeOptionError extends VolumeError {}

/** No volume of that name: `get x: no such volume`. */
export class NoSuchVolumeError extends VolumeError {
  constructor(op: string, volume: string) {
    super(op, volume, 'no such volume');
  }
}

/** A driver other than `local`: `create x: error looking up volume plugin nope: plugin "nope" not found`. */
export class NoSuchVolumeDriverError extends VolumeError {
  constructor(op: string, volume: string, driver: string) {
    super(op, volume, `error looking up volume plugin ${driver}: plugin "${driver}" not found`);
  }
}

/** Containers still use it: `remove v1: volume is in use - [<full id>, …]`. */
export class VolumeInUseError extends VolumeError {
  constructor(op: string, volume: string, readonly containers: string[]) {
    super(op, volume, `volume is in use - [${containers.join(', ')}]`);
  }
}

/** The volumes directory holds something of that name that is not a volume (the store never takes it over). */
export class VolumePathTakenError extends VolumeError {
  constructor(volume: string, path: string) {
    super('create', volume, `${path} exists and is not a volume`);
  }
}

/** The driver's mount (or unmount) failed; worded as Docker words it, without the `<op> <name>:` prefix. */
export class VolumeMountError extends Error {
  constructor(readonly volume: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
