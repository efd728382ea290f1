/**
 * Snapshots: the writable (or read-only) filesystems containers and build steps run on, each over
 * a stack of committed layers (containerd's Snapshotter, adapted: a parent is a list of layer
 * diffIDs, base first, because Wharf keys layers by diffID, not by chain).
 *
 *   prepare(key, layers)  an active snapshot: changes go to its own upper dir
 *   view(key, layers)     a read-only snapshot of the layers
 *   mounts(key)           how to mount it (the caller mounts: sys/mount.ts), idempotent to ask
 *   commit(key)           its changes as a new layer, stored and unpacked (the snapshot stays)
 *   changes(key)          what it changed (docker diff), usage(key) how much it holds
 *   remove(key)           gone, with its changes (the caller has unmounted it)
 *
 * Keys are names of the caller's choosing (`[A-Za-z0-9][A-Za-z0-9_.-]*`). A snapshot appears only
 * complete (its directory is renamed into place), so a crash leaves either no snapshot or a whole one.
 */
import type { Digest } from '../oci/digest.js';
import type { Descriptor } from '../oci/descriptor.js';
import type { FsMount } from '../oci/mount.js';
import type { TreeNode } from '../archive/tree-walk.js';

/** Docker's change kinds (`docker diff`): C, A, D. */
export const ChangeKind = { Modify: 0, Add: 1, Delete: 2 } as const;

/** One changed path, as `GET /containers/{id}/changes` reports it. */
export interface Change { Path: string; Kind: 0 | 1 | 2 }

export interface Usage {
  /** Bytes of regular files in the snapshot's own changes. */
  size: number;
}

/** A layer made from a snapshot's changes: unpacked in the layer store, its tar in the content store. */
export interface CommittedLayer {
  diffId: Digest;
  /** Bytes of the files in the layer. */
  size: number;
  /** The stored layer tar (uncompressed: its digest is the diffID). */
  blob: Descriptor;
}

export interface CommitOptions {
  /** Leaves nodes out of the layer (the mount points the runtime made). */
  skip?: (node: TreeNode) => boolean;
}

export interface Snapshotter {
  /** Creates the active snapshot `key` over `layers` (base first), or returns the one that exists. */
  prepare(key: string, layers: readonly Digest[]): Promise<FsMount[]>;
  /** Creates the read-only snapshot `key` over `layers`, or returns the one that exists. */
  view(key: string, layers: readonly Digest[]): Promise<FsMount[]>;
  /**
   * The mounts of `key`. `readonly` gives a read-only mount of an active snapshot (its changes over
   * its layers) that never touches its work dir: safe to mount while the snapshot is mounted elsewhere.
   */
  mounts(key: string, o?: { readonly?: boolean }): Promise<FsMount[]>;
  /** Stores the changes of `key` as a layer; undefined when they change nothing. The tree must not change meanwhile. */
  commit(key: string, o?: CommitOptions): Promise<CommittedLayer | undefined>;
  /** The paths `key` added, changed or deleted, leaving out `skip` (absolute paths). */
  changes(key: string, o?: { skip?: ReadonlySet<string> }): Promise<Change[]>;
  usage(key: string): Promise<Usage>;
  /** Removes `key` and its changes; a no-op when it does not exist. */
  remove(key: string): Promise<void>;
}

/** No snapshot has that key. */
export class SnapshotNotFoundError extends Error {
  readonly code = 'SNAPSHOT_NOT_FOUND';
  constructor(readonly key: string) {
    super(`snapshot ${key} does not exist`);
  }
}

/** A layer a snapshot stands on is not in the layer store. */
export class MissingLayerError extends Error {
  readonly code = 'MISSING_LAYER';
  constructor(readonly diffId: Digest) {
    super(`layer ${diffId} is missing from the layer store`);
  }
}
