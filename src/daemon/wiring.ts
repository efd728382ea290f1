/**
 * Builds the engine from its parts, in dependency order: stores first (each sweeps what a crash
 * left half-done), then the runtime and snapshotter, then the services, then reconciliation with
 * what the runtime did while the daemon was away.
 */
import { mkdir, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LocalContentStore } from '../content/store.js';
import { LayerStore } from '../snapshot/layer-store.js';
import { OverlaySnapshotter } from '../snapshot/overlay/snapshotter.js';
import { ImageStore } from '../image/store.js';
import { ConmonRuntime } from '../runtime/conmon/runtime.js';
import { systemMounter, mountDevice } from '../sys/mount.js';
import { VolumeStore } from '../volume/store.js';
import { LocalDriver } from '../volume/driver.js';
import { VolumeService } from '../engine/volumes/service.js';
import { volumeUsersOf } from '../engine/volumes/users.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic-file.js';
import { EnginePaths } from '../engine/paths.js';
import { ContainerStore } from '../engine/containers/store.js';
import { ContainerEvents } from '../engine/containers/events.js';
import { EventJournal } from '../engine/events/journal.js';
import { NetworkStore } from '../network/store.js';
import { Ipam } from '../network/ipam.js';
import { DEFAULT_POOLS, hostRoutes } from '../network/pools.js';
import { NetworkService } from '../engine/networks/service.js';
import { NetworkAttacher } from '../engine/networks/attach.js';
import { endpointsOf } from '../engine/networks/endpoints.js';
import { EndpointService } from '../engine/networks/connect.js';
import { NetavarkDriver } from '../network/netavark/driver.js';
import { PortReserver } from '../network/ports.js';
import { ContainerService } from '../engine/containers/service.js';
import { HealthMonitors } from '../engine/containers/health/monitors.js';
import type { ContainerDeps } from '../engine/containers/deps.js';
import { ExecStore } from '../engine/exec/store.js';
import { ExecService } from '../engine/exec/service.js';
import { LogPolicy, BUILTIN_LOG_DEFAULTS } from '../engine/containers/logs/policy.js';
import { LogRotator } from '../engine/containers/logs/rotate.js';
import { ImageCatalog } from '../engine/images/catalog.js';
import { ImageService } from '../engine/images/service.js';
import { SystemService } from '../engine/system/service.js';
import { BuildService } from '../engine/build/service.js';
import { RegistryService } from '../engine/registry/service.js';
import { RegistryClient } from '../distribution/client/client.js';
import { readHostFacts } from '../engine/system/host.js';
import type { Engine } from '../engine/engine.js';
import type { DaemonConfig } from './config.js';

/**
 * `WHARF_REGISTRY_TIMEOUT_MS`: one value for the registry client's connect, header and idle-body
 * timeouts (defaults 15 s, 60 s, 60 s); dockerd has no such knob, tests of hanging registries need one.
 */
function registryTimeouts(v: string | undefined): { connectTimeoutMs?: number; headersTimeoutMs?: number; bodyTimeoutMs?: number } {
  const ms = Number(v);
  if (!v || !Number.isFinite(ms) || ms <= 0) return {};
  return { connectTimeoutMs: ms, headersTimeoutMs: ms, bodyTimeoutMs: ms };
}

/** First existing path of a binary among the usual places. */
export function findBinary(name: string, extra: string[] = []): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const p of [...extra, ...dirs.filter(Boolean).map((d) => join(d, name))]) if (existsSync(p)) return p;
  throw new Error(`${name} not found: install it (npm run setup installs it from Debian)`);
}

/** A binary's path, or undefined when it is not installed. */
function findOptionalBinary(name: string, extra: string[] = []): string | undefined {
  try {
    return findBinary(name, extra);
  } catch {
    return undefined;
  }
}

async function engineId(dataRoot: string): Promise<string> {
  const file = join(dataRoot, 'engine-id.json');
  const have = await readJsonIfExists<{ id: string }>(file);
  if (have) return have.id;
  const id = randomUUID();
  await writeJsonAtomic(file, { id });
  return id;
}

/** The log policy of daemon.json / flags: Wharf's caps for json-file unless options are given. */
function logPolicy(config: DaemonConfig): LogPolicy {
  const opts = config.logOpts ?? (config.logDriver === BUILTIN_LOG_DEFAULTS.driver ? BUILTIN_LOG_DEFAULTS.opts : {});
  return new LogPolicy({ driver: config.logDriver, opts });
}

/** The engine; `exec` is the exec service itself (its `prober` serves healthchecks). */
export async function wireEngine(config: DaemonConfig, version: string): Promise<Engine & { exec: ExecService; shutdown(): Promise<void> }> {
  const paths = new EnginePaths(config.dataRoot, config.execRoot);
  const policy = logPolicy(config);
  await mkdir(config.dataRoot, { recursive: true, mode: 0o711 });
  await mkdir(config.execRoot, { recursive: true });
  await chmod(config.execRoot, 0o711);
  const content = new LocalContentStore(paths.content);
  const layers = new LayerStore(paths.layers);
  const snapshots = new OverlaySnapshotter(paths.snapshots, layers, content);
  const imageStore = new ImageStore(paths.images);
  const store = new ContainerStore(paths.containers);
  const runcPath = findBinary('runc');
  const conmonPath = findBinary('conmon', ['/usr/libexec/podman/conmon']);
  const runtime = new ConmonRuntime({ root: config.execRoot, runcPath, conmonPath });
  const volumeDriver = new LocalDriver(new VolumeStore(paths.volumes), { ...systemMounter, mountDevice });
  const networkStore = new NetworkStore(paths.networks);
  const ipam = new Ipam(paths.ipam, { pools: config.defaultAddressPools ?? DEFAULT_POOLS, routes: () => hostRoutes() });
  await Promise.all([content.init(), layers.init(), snapshots.init(), imageStore.init(), store.init(), runtime.init(), volumeDriver.init(), networkStore.init(), ipam.init()]);
  await layers.repairLinks();
  const catalog = new ImageCatalog(content, layers, imageStore);
  const journal = new EventJournal();
  const volumes = new VolumeService({ driver: volumeDriver, journal, users: volumeUsersOf(store) });
  const execs = new ExecStore();
  const mutex = new KeyedMutex();
  // Probes run through exec, which is built over the container deps: its Prober is reached when a probe runs.
  const health = new HealthMonitors({ store, mutex, journal, prober: (rec, cmd, o) => exec.prober(rec, cmd, o) });
  const attacher = new NetworkAttacher({
    store: networkStore, ipam, execRoot: config.execRoot, ports: new PortReserver(), findContainer: (id) => store.find(id),
    driver: new NetavarkDriver({
      binary: findBinary('netavark', ['/usr/lib/podman/netavark', '/usr/libexec/podman/netavark']),
      aardvarkBinary: findOptionalBinary('aardvark-dns', ['/usr/lib/podman/aardvark-dns', '/usr/libexec/podman/aardvark-dns']) ?? 'aardvark-dns', // the driver refuses DNS networks when it is missing
      configDir: join(config.execRoot, 'netavark'),
    }),
  });
  const networks = new NetworkService({
    store: networkStore, ipam, journal, bridge: { bip: config.bip, fixedCidr: config.fixedCidr }, endpoints: (id) => endpointsOf(store.list(), id),
    connector: new EndpointService({ containers: store, mutex, attacher, journal, userSubnet: (id) => ipam.userSubnet(id) }),
  });
  await networks.init();
  const containerDeps: ContainerDeps = {
    paths, store, images: catalog, runtime, snapshots, mounter: systemMounter,
    logs: { policy, rotator: new LogRotator((id, moves) => runtime.reopenLog(id, moves)) }, events: new ContainerEvents(), journal, mutex,
    init: { byDefault: config.init ?? false, path: config.initPath ?? findOptionalBinary('catatonit') },
    health, execs, volumes,
    networks: attacher,
  };
  const containers = new ContainerService(containerDeps);
  const exec = new ExecService(containerDeps, execs);
  const registryClient = new RegistryClient({
    hosts: { insecure: config.insecureRegistries, mirrors: config.registryMirrors },
    transport: registryTimeouts(process.env.WHARF_REGISTRY_TIMEOUT_MS),
  });
  const images = new ImageService(catalog, containers, journal, {
    client: registryClient,
    pull: { concurrency: config.maxConcurrentDownloads ?? 3 },
    push: { concurrency: config.maxConcurrentUploads ?? 5 },
  }, paths.leases);
  const registry = new RegistryService(registryClient);
  const builds = new BuildService({ containers, images, snapshots, mounter: systemMounter, scratch: paths.scratch, stateDir: paths.build });
  await builds.init();
  await images.collectGarbage(); // what a crash left: blobs and layers of no image
  const system = new SystemService({
    version, dataRoot: config.dataRoot, runcPath, conmonPath, id: await engineId(config.dataRoot),
    logDriver: policy.defaults.driver, host: readHostFacts(config.dataRoot),
  }, { containers, images, volumes, journal });
  await containers.init();
  return {
    containers, images, registry, system, exec, volumes, networks, builds,
    shutdown: async () => { exec.shutdown(); await containers.shutdown(); await registryClient.close(); },
  };
}
