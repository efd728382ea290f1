/**
 * A VolumeProvider over a temp directory, for unit tests of the container side (the real one is
 * the volume service, wired as ContainerDeps.volumes). Each volume is `<root>/<name>/_data`; it
 * counts mounts per container and records every call, so tests can check what was released.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Volume, VolumeCreateRequest, VolumeProvider } from './volume.js';
import { InvalidMountError } from './mount-errors.js';

export class TempDirVolumes implements VolumeProvider {
  readonly volumes = new Map<string, Volume>();
  readonly mounted = new Map<string, Set<string>>();
  /** `acquire <name>`, `mount <name> <id>`, `unmount …`, `release <name>`, in order. */
  readonly calls: string[] = [];

  constructor(readonly root: string, readonly o: { failAcquireOf?: string } = {}) {}

  async acquire(req: VolumeCreateRequest & { anonymous?: boolean }): Promise<Volume> {
    const name = req.Name || randomBytes(32).toString('hex');
    this.calls.push(`acquire ${req.Name ? name : '<anonymous>'}`);
    if (name === this.o.failAcquireOf) throw new InvalidMountError(`create ${name}: failed as the test asked`);
    const have = this.volumes.get(name);
    if (have) return have;
    const Mountpoint = join(this.root, name, '_data');
    await mkdir(Mountpoint, { recursive: true });
    const v: Volume = { Name: name, Driver: req.Driver || 'local', Mountpoint, CreatedAt: new Date().toISOString(), Labels: req.Labels ?? null, Options: req.DriverOpts ?? null, Scope: 'local' };
    this.volumes.set(name, v);
    return v;
  }

  async mount(name: string, containerId: string): Promise<string> {
    this.calls.push(`mount ${name} ${containerId}`);
    const v = this.volumes.get(name);
    if (!v) throw new Error(`no such volume: ${name}`);
    this.mounted.set(name, (this.mounted.get(name) ?? new Set()).add(containerId));
    return v.Mountpoint;
  }

  async unmount(name: string, containerId: string): Promise<void> {
    this.calls.push(`unmount ${name} ${containerId}`);
    this.mounted.get(name)?.delete(containerId);
  }

  async release(name: string): Promise<void> {
    this.calls.push(`release ${name}`);
    const v = this.volumes.get(name);
    // As the volume service: whatever no container holds goes (callers pass only anonymous ones).
    if (!v || (this.mounted.get(name)?.size ?? 0) > 0) return;
    this.volumes.delete(name);
    await rm(join(this.root, name), { recursive: true, force: true });
  }
}
