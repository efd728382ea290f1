/**
 * A container's filesystem as one tree for an archive operation, as Docker builds it (its
 * daemon mounts the rootfs and the volumes in its own namespace for `docker cp`): a private
 * scratch dir under exec-root with the rootfs (a bind of the mounted rootfs of a running
 * container; the snapshot's mounts otherwise), and each mount point bound at its destination.
 *
 * - Binds and volumes, then the container's /etc/hosts, /etc/hostname and /etc/resolv.conf; tmpfs mounts are not there, as Docker's cp does not see them (the
 *   directory under them in the rootfs is what `GET` shows and `PUT` writes to).
 * - A destination is resolved in the tree's scope (scope.ts) before anything is mounted on it, and
 *   a missing one is created there (a dir, or an empty file for a file bind), as a start would.
 *   A read-only view (a stopped container's GET) cannot create one: that mount is left out.
 * - `close` unmounts everything (deepest first), releases the volumes and removes the scratch dir
 *   with rmdir only (never a recursive remove of a dir that may still have a mount on it). It is
 *   idempotent and is called on every path out, errors and aborted clients included.
 * - The caller holds the container's mutex while opening (a concurrent stop/rm/start cannot change
 *   the rootfs under it); once open, a bind keeps the rootfs alive on its own.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rmdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { mount, MS_BIND, MS_REC, umount2, MNT_DETACH } from '../../../sys/libc.js';
import type { MountPoint } from '../../../volume/mount-point.js';
import type { ContainerDeps } from '../deps.js';
import type { ContainerRecord } from '../record.js';
import { followInScope, hostPath } from './scope.js';
import { etcPaths } from '../etc-files.js';

/** An open view; `close` must be called once the operation ends. */
export interface ArchiveView {
  /** Host path of the container's "/". */
  readonly root: string;
  /** The mount points bound in the view (their Destination as resolved in it). */
  readonly mounts: ReadonlyArray<{ point: MountPoint; at: string }>;
  close(): Promise<void>;
}

/** Opens the view; `writable` mounts a stopped container's snapshot read-write (PUT). */
export async function openView(d: ContainerDeps, rec: ContainerRecord, o: { writable: boolean }): Promise<ArchiveView> {
  await mkdir(d.paths.scratch, { recursive: true });
  const root = await mkdtemp(join(d.paths.scratch, 'archive-'));
  const view = new View(d, root, `archive-${randomBytes(8).toString('hex')}`);
  try {
    await mountRootfs(d, rec, root, o.writable);
    view.rootMounted = true;
    for (const point of [...sortedPoints(rec.MountPoints ?? []), ...etcPoints(d, rec)]) await view.bind(point, o.writable);
    return view;
  } catch (err) {
    await view.close();
    throw err;
  }
}

async function mountRootfs(d: ContainerDeps, rec: ContainerRecord, root: string, writable: boolean): Promise<void> {
  const rootfs = d.paths.rootfs(rec.Id);
  if (await d.mounter.isMounted(rootfs)) return mount(rootfs, root, null, MS_BIND, null);
  await d.mounter.mountAll(await d.snapshots.mounts(rec.Id, { readonly: !writable }), root);
}

/**
 * The /etc files Wharf writes for the container, as moby's NetworkMounts: after the others, each
 * one the container has (written at its first start) and no mount of the user's covers.
 */
function etcPoints(d: ContainerDeps, rec: ContainerRecord): MountPoint[] {
  const files = etcPaths(d.paths.container(rec.Id));
  const taken = new Set((rec.MountPoints ?? []).map((m) => posix.normalize(m.Destination)));
  return ([['/etc/resolv.conf', files.resolvConf], ['/etc/hostname', files.hostname], ['/etc/hosts', files.hosts]] as const)
    .filter(([dst, src]) => !taken.has(dst) && existsSync(src))
    .map(([dst, src]) => ({ Type: 'bind', Destination: dst, Source: src, Mode: '', RW: true, Propagation: 'rprivate', CopyData: false }));
}

/** Parents before children (Docker sorts mounts by the depth of their destination). */
function sortedPoints(points: MountPoint[]): MountPoint[] {
  const depth = (p: string) => posix.normalize(p).split('/').filter(Boolean).length;
  return points.filter((p) => p.Type !== 'tmpfs').sort((a, b) => depth(a.Destination) - depth(b.Destination));
}

class View implements ArchiveView {
  rootMounted = false;
  readonly mounts: Array<{ point: MountPoint; at: string }> = [];
  readonly #volumes: string[] = [];
  #closed = false;

  constructor(readonly d: ContainerDeps, readonly root: string, readonly opId: string) {}

  async bind(point: MountPoint, writable: boolean): Promise<void> {
    const source = await this.#source(point);
    const at = followInScope(this.root, point.Destination);
    const target = hostPath(this.root, at);
    if (!lstatSync(target, { throwIfNoEntry: false })) {
      if (!writable) return;
      createMountPoint(this.root, at, statSync(source).isDirectory());
    }
    mount(source, target, null, MS_BIND | MS_REC, null);
    this.mounts.push({ point, at });
  }

  async #source(point: MountPoint): Promise<string> {
    if (point.Type !== 'volume') return point.Source;
    const volumes = this.d.volumes;
    if (!volumes || !point.Name) return point.Source;
    const path = await volumes.mount(point.Name, this.opId);
    this.#volumes.push(point.Name);
    return path;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const m of [...this.mounts].reverse()) detach(hostPath(this.root, m.at));
    for (const name of this.#volumes) await this.d.volumes?.unmount(name, this.opId).catch(() => undefined);
    if (this.rootMounted) await this.d.mounter.unmountAll(this.root);
    await rmdir(this.root).catch(() => undefined);
  }
}

function detach(target: string): void {
  try {
    umount2(target, MNT_DETACH);
  } catch {
    // Already gone (a lazy unmount of the root took it along).
  }
}

/**
 * Creates a missing mount point at container path `at` (already resolved in scope): its parents
 * one at a time, each checked to be a real directory, then a dir or an empty file.
 */
function createMountPoint(root: string, at: string, dir: boolean): void {
  const parts = at.split('/').filter(Boolean);
  let cur = root;
  for (const [i, part] of parts.entries()) {
    cur = `${cur}/${part}`;
    const last = i === parts.length - 1;
    const st = lstatSync(cur, { throwIfNoEntry: false });
    if (st && !st.isDirectory() && !last) throw Object.assign(new Error(`${cur}: not a directory`), { code: 'ENOTDIR' });
    if (st) continue;
    if (!last || dir) mkdirSync(cur, 0o755);
    else closeSync(openSync(cur, 'wx', 0o644));
  }
}
