/**
 * The network layer's errors, one class per kind, in Docker's words. engine/errors.ts maps each
 * class to a category (and so to an HTTP status); nobody compares their messages.
 */

/** A subnet, range or gateway that does not parse, or a gateway/range with no subnet (Docker: 400/500). */
export class InvalidNetworkConfigError extends Error {}

/** A requested pool overlaps one in use (Docker: 403 "Pool overlaps with other one on this address space"). */
export class PoolOverlapError extends Error {
  constructor() {
    super('Pool overlaps with other one on this address space');
  }
}

/** A requested address outside the subnet or range (Docker: "Requested address is out of range"). */
export class AddressOutOfRangeError extends Error {}

/** The address is already allocated on the network. */
export class AddressInUseError extends Error {}

/** Every address (or every default pool) is taken. */
export class PoolExhaustedError extends Error {}

/** An operation on a network that IPAM does not know. */
export class NoSuchNetworkPoolError extends Error {}
