/**
 * Builds the engine from its parts, in dependency order: stores first (each sweeps what a crash
 * left half-done), then the runtime, then services, then reconciliation with what conmon did
 * while the daemon was away.
 */
import { mkdir, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LocalContentStore } from '../content/store.js';
import { LayerStore } from '../snapshot/layer-store.js';
import { ImageStore } from '../image/store.js';
import { ContainerStore } from '../engine/containers/store.js';
import { EnginePaths } from '../engine/paths.js';
import { ImageService } from '../engine/images/service.js';
import { ContainerService } from '../engine/containers/service.js';
import { Attacher } from '../engine/containers/attach.js';
import { SystemService } from '../engine/system/service.js';
import { Runc } from '../runtime/runc/runc.js';
import { Conmon } from '../runtime/conmon/conmon.js';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic-file.js';
import type { Engine } from '../api/engine.js';
import type { DaemonConfig } from './config.js';

/** First existing path of a binary among the usual places. */
export function findBinary(name: string, extra: string[] = []): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const p of [...extra, ...dirs.filter(Boolean).map((d) => join(d, name))]) if (existsSync(p)) return p;
  throw new Error(`${name} not found: install it (npm run setup installs it from Debian)`);
}

async function engineId(dataRoot: string): Promise<string> {
  const file = join(dataRoot, 'engine-id.json');
  const have = await readJsonIfExists<{ id: string }>(file);
  if (have) return have.id;
  const id = randomUUID();
  await writeJsonAtomic(file, { id });
  return id;
}

export async function wireEngine(config: DaemonConfig, version: string): Promise<Engine & { shutdown(): void }> {
  const paths = new EnginePaths(config.dataRoot, config.execRoot);
  await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
  for (const d of [paths.runcRoot, paths.exits, join(config.execRoot, 'c')]) await mkdir(d, { recursive: true });
  await chmod(config.execRoot, 0o711);
  const content = new LocalContentStore(paths.content);
  const layers = new LayerStore(paths.layers);
  const imageStore = new ImageStore(paths.images);
  const containerStore = new ContainerStore(paths.containers);
  await Promise.all([content.init(), layers.init(), imageStore.init(), containerStore.init()]);
  await layers.repairLinks();
  const runcPath = findBinary('runc');
  const conmonPath = findBinary('conmon', ['/usr/libexec/podman/conmon']);
  const runc = new Runc(runcPath, paths.runcRoot);
  const conmon = new Conmon({ conmon: conmonPath, exitDir: paths.exits }, runc);
  const images = new ImageService(content, layers, imageStore);
  await images.gc.collect(new Set(containerStore.list().map((c) => c.Image))); // what a crash left: blobs and layers of no image
  const containers = new ContainerService({ paths, store: containerStore, images, conmon, runc });
  const attacher = new Attacher(containers, conmon, paths);
  const system = new SystemService({ version, dataRoot: config.dataRoot, runcPath, conmonPath, id: await engineId(config.dataRoot) }, containerStore, imageStore);
  containers.exits.start();
  await containers.reconcile();
  return { containers, images, attacher, system, shutdown: () => containers.shutdown() };
}
