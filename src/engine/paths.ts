/**
 * Where the engine keeps things. data-root (persistent): content, layers, snapshots, images,
 * containers. exec-root (runtime, tmpfs): the API socket, the runtime's bundles and state, scratch mounts.
 */
import { join } from 'node:path';

export class EnginePaths {
  constructor(readonly dataRoot: string, readonly execRoot: string) {}

  get content() { return join(this.dataRoot, 'content'); }
  get layers() { return join(this.dataRoot, 'layers'); }
  get snapshots() { return join(this.dataRoot, 'snapshots'); }
  get images() { return join(this.dataRoot, 'images'); }
  /** What running pulls hold from the garbage collector: `<uuid>.json` each (gc.ts). */
  get leases() { return join(this.dataRoot, 'leases'); }
  get containers() { return join(this.dataRoot, 'containers'); }
  /** Volumes: `<name>/_data` and `<name>/volume.json` each. */
  get volumes() { return join(this.dataRoot, 'volumes'); }
  /** Network records: `<id>.json` each. */
  get networks() { return join(this.dataRoot, 'networks'); }
  /** IPAM's pools and allocated addresses: `<network id>.json` each. */
  get ipam() { return join(this.dataRoot, 'networks', 'ipam'); }
  /** The builder's state: its cache index, cache mounts, unpacked contexts (engine/build). */
  get build() { return join(this.dataRoot, 'build'); }
  container(id: string) { return join(this.containers, id); }
  containerLog(id: string) { return join(this.container(id), `${id}-json.log`); }
  /** Where a container's root filesystem is mounted while it runs. */
  rootfs(id: string) { return join(this.container(id), 'merged'); }
  /** Scratch mount points (read-only views for export). */
  get scratch() { return join(this.execRoot, 'scratch'); }
}
