/**
 * The container engine: create, start, stop, kill, remove, wait, attach, logs and the reaction to
 * exits, over an OciRuntime and a Snapshotter (both replaceable: unit tests run the lifecycle on
 * runtime/fake.ts). State changes of one container are serialised by a per-container mutex; every
 * change is persisted before it is announced. Exits arrive from the runtime, so a container that
 * ends while the daemon is down is reconciled on the next start.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type {
  AttachOptions, AttachSession, ContainerDetails, ContainerEngine, ContainerListOptions, ContainerPruneReport, ContainerUpdate,
  ContainerUsage, CreateReport, CreateRequest, Filters, LogStream, LogsOptions, RemoveOptions, StatsOptions, StatsStream, StopOptions,
  TopResult, UpdateReport, WaitCondition, WaitResult,
} from '../engine.js';
import type { Change, CommittedLayer } from '../../snapshot/snapshotter.js';
import { ConflictError, InternalError, InvalidArgumentError, NotFoundError, NotImplementedError, NotModifiedError } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import { hasProcess, isRunning, type ContainerRecord } from './record.js';
import { buildRecord } from './create.js';
import { refuseUnsupported } from './unsupported.js';
import { checkPlatform, checkStopSignal, createWarnings } from './create-checks.js';
import { resolveNamespaceModes } from './namespace-modes.js';
import { checkSecurityOpts } from './security-opts.js';
import { resolveRuntime } from './runtime-name.js';
import { prepareRootfs, resolveImageForCreate } from './create-rootfs.js';
import { createMountPoints, releaseAnonymous } from './mounts.js';
import { isValidContainerName, randomName } from './names.js';
import { startContainer } from './start.js';
import { reapIfGone, recordExit } from './exit.js';
import { reconcile } from './reconcile.js';
import { teardown } from './teardown.js';
import { listContainers } from './list.js';
import { containerDetails } from './inspect.js';
import { containerChanges, exportContainer, isRuntimeMountPoint } from './fs.js';
import { checkPath, getArchive, putArchive, statPath, type PutArchiveOptions } from './archive/ops.js';
import type { PathStat } from './archive/path-stat.js';
import { Attacher, logSubject } from './attach.js';
import { readLog } from './logs/reader.js';
import { signalNumber } from './signals.js';
import { validateHealthcheck } from './health/config.js';
import { RestartManager } from './restart/manager.js';
import { pauseContainer, thawAfterSignal, unpauseContainer } from './pause.js';
import { renameContainer } from './rename.js';
import { updateContainer } from './update.js';
import { pruneContainers } from './prune.js';
import { announce } from './announce.js';
import { containerTop, topArgs } from './top.js';
import { StatsSampler } from './stats/sampler.js';
import { statsStream } from './stats/stream.js';

const SIGKILL = 9;
/** How long a SIGKILL may take to show as an exit before the runtime is asked directly. */
const KILL_WAIT_MS = 30_000;
/** How long a shutdown waits for the healthcheck probes in flight to be killed. */
const PROBE_SHUTDOWN_WAIT_MS = 5_000;

export class ContainerService implements ContainerEngine {
  readonly #d: ContainerDeps;
  readonly #attacher: Attacher;
  readonly #restarts: RestartManager;
  #sampler: StatsSampler | undefined;

  constructor(deps: ContainerDeps) {
    this.#attacher = new Attacher(deps);
    this.#restarts = new RestartManager(deps, (rec) => startContainer(this.#d, rec, () => this.#attacher.connectPending(rec)));
    this.#d = { ...deps, restarts: this.#restarts };
    const autoRemove = (id: string) => {
      const rec = deps.store.find(id);
      // Docker's --rm removes the anonymous volumes too.
      if (rec?.HostConfig.AutoRemove && rec.State.Status !== 'restarting') void this.remove(id, { force: true, volumes: true }).catch(() => undefined);
    };
    deps.events.onAny('exit', autoRemove);
    deps.events.onAny('startfailed', autoRemove);
  }

  /** Takes up what happened while the daemon was away, starts what restart policies ask for, then follows exits. */
  async init(): Promise<void> {
    await reconcile(this.#d, (id, code) => this.#onExit(id, code));
    await this.#restarts.restore();
  }

  async #onExit(id: string, code: number): Promise<void> {
    const rec = this.#d.store.find(id);
    if (!rec) return void (await this.#d.runtime.delete(id).catch(() => undefined)); // removed while it ran
    await this.#d.mutex.run(rec.Id, () => recordExit(this.#d, rec, code));
  }

  async create(req: CreateRequest): Promise<CreateReport> {
    checkSecurityOpts(req.hostConfig.SecurityOpt);
    refuseUnsupported(req);
    checkStopSignal(req.config);
    validateHealthcheck(req.config.Healthcheck);
    const { warnings, hostConfig } = createWarnings(resolveRuntime(resolveNamespaceModes(req.hostConfig, req.config, (ref) => this.#d.store.find(ref))));
    const id = randomBytes(32).toString('hex');
    const name = this.#reserveName(req.name, id);
    try {
      const logConfig = this.#d.logs.policy.resolve(req.hostConfig.LogConfig);
      const { record: image, config } = await resolveImageForCreate(this.#d, req.config.Image);
      checkPlatform(req.platform, config, req.config.Image);
      const net = this.#d.networks?.resolve(req, name);
      const rec = buildRecord({ ...req, hostConfig: net ? { ...hostConfig, NetworkMode: net.networkMode, Links: net.links } : hostConfig }, image.id, config, { id, name, logConfig });
      if (net) rec.NetworkSettings = net.settings;
      if (net?.hostname) rec.Config.Hostname = net.hostname;
      if (rec.HostConfig.NetworkMode === 'host' && Object.keys(rec.HostConfig.PortBindings ?? {}).length > 0) warnings.push('Published ports are discarded when using host network mode');
      rec.LogPath = this.#d.paths.containerLog(id);
      const points = await createMountPoints(this.#d, req, rec.Config.Volumes);
      if (points.length > 0) rec.MountPoints = points;
      const undo = async (): Promise<void> => {
        await this.#d.store.remove(rec).catch(() => undefined);
        await releaseAnonymous(this.#d, rec);
      };
      await this.#d.store.add(rec).catch(async (e: unknown) => {
        await releaseAnonymous(this.#d, rec);
        throw e;
      });
      const mounts = await this.#d.snapshots.prepare(id, image.layers.map((l) => l.diffId)).catch(async (e: unknown) => {
        await undo();
        throw e;
      });
      await prepareRootfs(this.#d, rec, mounts).catch(async (e: unknown) => {
        await this.#d.snapshots.remove(id).catch(() => undefined);
        await undo();
        throw e;
      });
      announce(this.#d, rec, 'create');
      return { Id: id, Warnings: warnings };
    } catch (e) {
      this.#d.store.releaseName(name, id);
      throw e;
    }
  }

  /** Validates or draws the name and reserves it at once, before anything awaits (Docker's name registrar). */
  #reserveName(requested: string | undefined, id: string): string {
    if (requested) {
      if (!isValidContainerName(requested)) {
        throw new InvalidArgumentError(`Invalid container name (${requested}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      }
      const name = requested.startsWith('/') ? requested : `/${requested}`;
      this.#d.store.reserveName(name, id);
      return name;
    }
    const draw = this.#d.randomName ?? randomName;
    for (;;) {
      const name = `/${draw()}`;
      if (this.#d.store.nameTaken(name)) continue;
      this.#d.store.reserveName(name, id);
      return name;
    }
  }

  list(o?: ContainerListOptions): ContainerRecord[] {
    return listContainers(this.#d, o);
  }

  /** Every container, whatever its state (images and system need them all). */
  all(): ContainerRecord[] {
    return this.#d.store.list();
  }

  /** The record of a container (NOT_FOUND "No such container: x"). */
  get(idOrName: string): ContainerRecord {
    return this.#d.store.get(idOrName);
  }

  inspect(idOrName: string): Promise<ContainerDetails> {
    return containerDetails(this.#d, this.#d.store.get(idOrName));
  }

  async start(idOrName: string): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    await this.#d.mutex.run(rec.Id, async () => {
      if (rec.State.Status === 'paused') throw new ConflictError('cannot start a paused container, try unpause instead');
      if (isRunning(rec.State)) throw new NotModifiedError();
      if (rec.State.Status === 'removing' || rec.State.Status === 'dead') {
        throw new ConflictError(`container ${rec.Id} is marked for removal and cannot be started`);
      }
      this.#restarts.userStarted(rec);
      await startContainer(this.#d, rec, () => this.#attacher.connectPending(rec));
    });
  }

  /** Docker's stop: the stop signal, then SIGKILL after the timeout (seconds; -1 waits forever). */
  async stop(idOrName: string, o: StopOptions = {}): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    const signal = signalNumber(o.signal || rec.Config.StopSignal || 'SIGTERM');
    if (!isRunning(rec.State)) throw new NotModifiedError();
    const timeout = o.timeout ?? rec.Config.StopTimeout ?? 10;
    const exited = this.#d.events.next('exit', rec.Id);
    await this.#restarts.userSignalled(rec, signal); // a restarting container is exited now, not signalled
    if (hasProcess(rec.State)) await this.#signal(rec, signal).catch(() => undefined);
    if (timeout < 0) await exited;
    else if (!(await raceTimeout(exited, timeout * 1000))) await this.kill(rec.Id, 'SIGKILL').catch(() => undefined);
    announce(this.#d, rec, 'stop');
  }

  async restart(idOrName: string, o: StopOptions = {}): Promise<void> {
    await this.stop(idOrName, o).catch((e: unknown) => {
      if (!(e instanceof NotModifiedError)) throw e;
    });
    await this.start(idOrName);
    announce(this.#d, this.#d.store.get(idOrName), 'restart');
  }

  /** Sends a signal; a SIGKILL returns once the exit is recorded, as Docker's kill does. */
  async kill(idOrName: string, signal = 'SIGKILL'): Promise<void> {
    const rec = this.#killTarget(idOrName);
    const sig = signalNumber(signal);
    if (!isRunning(rec.State)) {
      throw new ConflictError(`Cannot kill container: ${idOrName}: Container ${rec.Id} is not running`);
    }
    await this.#restarts.userSignalled(rec, sig); // a restarting container is not signalled, as in Docker
    if (!hasProcess(rec.State)) return;
    const exited = sig === SIGKILL ? this.#d.events.next('exit', rec.Id, KILL_WAIT_MS) : undefined;
    await this.#signal(rec, sig).catch((e: Error) => {
      if (hasProcess(rec.State)) throw new InternalError(`Cannot kill container: ${idOrName}: ${e.message}`);
    });
    if (exited && !(await exited) && hasProcess(rec.State)) await reapIfGone(this.#d, rec);
  }

  /** Docker's kill route words every failure `Cannot kill container: <name>: …`, a missing container too. */
  #killTarget(idOrName: string): ContainerRecord {
    try {
      return this.#d.store.get(idOrName);
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError(`Cannot kill container: ${idOrName}: ${e.message}`);
      throw e;
    }
  }

  /**
   * Signals the container's process (and thaws a paused one so the signal lands: pause.ts); when
   * the runtime cannot, records the exit of a process that is gone. Announced as `kill` (also for a
   * process found gone, as dockerd does) before the signal goes, so it always precedes its `die`.
   */
  async #signal(rec: ContainerRecord, sig: number): Promise<void> {
    announce(this.#d, rec, 'kill', { signal: String(sig) });
    try {
      await this.#d.runtime.kill(rec.Id, sig);
    } catch (e) {
      if (!(await reapIfGone(this.#d, rec))) throw e;
      return;
    }
    await this.#d.mutex.run(rec.Id, () => thawAfterSignal(this.#d, rec, sig));
  }

  async remove(idOrName: string, o: RemoveOptions = {}): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    if (rec.State.Status === 'paused' && !o.force) {
      throw new ConflictError(`You cannot remove a paused container ${rec.Id}. Unpause and then stop the container before attempting removal or force remove`);
    }
    if (isRunning(rec.State)) {
      if (!o.force) {
        throw new ConflictError(`You cannot remove a ${rec.State.Status} container ${rec.Id}. Stop the container before attempting removal or force remove`);
      }
      await this.kill(rec.Id, 'SIGKILL').catch(() => undefined);
    }
    const removed = await this.#d.mutex.run(rec.Id, async () => {
      if (!this.#d.store.find(rec.Id)) return false;
      if (isRunning(rec.State)) throw new ConflictError(`container ${rec.Id} is still running`);
      rec.State.Status = 'removing';
      await teardown(this.#d, rec.Id);
      await this.#d.snapshots.remove(rec.Id);
      await this.#d.store.remove(rec);
      this.#restarts.forget(rec.Id);
      // After the record is gone, so the provider no longer counts this container as a user.
      if (o.volumes) await releaseAnonymous(this.#d, rec);
      return true;
    });
    if (!removed) return;
    announce(this.#d, rec, 'destroy');
    this.#d.events.emit('removed', rec.Id, { StatusCode: rec.State.ExitCode });
  }

  /**
   * Docker's wait. The wait is in place when this returns (the API flushes headers then, so
   * `docker run` can start the container knowing the exit will be seen).
   */
  wait(idOrName: string, condition: WaitCondition = 'not-running'): { result: Promise<WaitResult> } {
    const rec = this.#d.store.get(idOrName);
    if (condition === 'not-running' && !isRunning(rec.State)) return { result: Promise.resolve(exitResult(rec)) };
    // A removed container answers its last exit code, with no error (Docker's, even after a failed start).
    if (condition === 'removed') return { result: this.#d.events.next('removed', rec.Id).then(() => removedResult(rec)) };
    const result = this.#d.events.next('exit', rec.Id).then((r) => r ?? exitResult(rec));
    return { result };
  }

  attach(idOrName: string, o: AttachOptions): AttachSession {
    if (this.#d.store.get(idOrName).State.Status === 'paused') {
      throw new ConflictError(`container ${idOrName} is paused, unpause the container before attach`);
    }
    return this.#attacher.attach(idOrName, o);
  }

  async resize(idOrName: string, height: number, width: number): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    if (rec.State.Status !== 'running') throw new ConflictError(`Container ${rec.Id} is not running`);
    await this.#d.runtime.resize(rec.Id, { height, width });
    announce(this.#d, rec, 'resize', { height: String(height), width: String(width) });
  }

  logs(idOrName: string, o: LogsOptions): LogStream {
    const rec = this.#d.store.get(idOrName);
    if (!this.#d.logs.policy.readable(rec.HostConfig.LogConfig)) throw new NotImplementedError('configured logging driver does not support reading');
    return {
      tty: Boolean(rec.Config.Tty),
      read: (emit, signal) => readLog(logSubject(this.#d, rec), { ...o, ...(signal ? { signal } : {}) }, emit),
    };
  }

  async export(idOrName: string): Promise<Readable> {
    const rec = this.#d.store.get(idOrName);
    const tar = await exportContainer(this.#d, rec);
    announce(this.#d, rec, 'export');
    return tar;
  }

  statPath(idOrName: string, path: string): Promise<PathStat> {
    checkPath(path);
    return statPath(this.#d, this.#d.store.get(idOrName), path);
  }

  getArchive(idOrName: string, path: string): Promise<{ stat: PathStat; tar: Readable }> {
    checkPath(path);
    return getArchive(this.#d, this.#d.store.get(idOrName), path);
  }

  putArchive(idOrName: string, path: string, input: Readable, o: PutArchiveOptions = {}): Promise<void> {
    checkPath(path);
    return putArchive(this.#d, this.#d.store.get(idOrName), path, input, o);
  }

  changes(idOrName: string): Promise<Change[]> {
    return containerChanges(this.#d, this.#d.store.get(idOrName));
  }

  async usage(): Promise<ContainerUsage[]> {
    return Promise.all(this.#d.store.list().map((record) => this.size(record)));
  }

  async size(record: ContainerRecord): Promise<ContainerUsage> {
    const sizeRw = (await this.#d.snapshots.usage(record.Id).catch(() => ({ size: 0 }))).size;
    return { record, sizeRw, sizeRootFs: sizeRw + (this.#d.images.byId(record.Image)?.size ?? 0) };
  }

  /** Reads cgroups and procfs; made on first use (it looks at the host's cgroup version). */
  get #stats(): StatsSampler {
    return (this.#sampler ??= new StatsSampler());
  }

  async top(idOrName: string, psArgs?: string): Promise<TopResult> {
    const args = topArgs(psArgs);
    const rec = this.#d.store.get(idOrName);
    const result = await containerTop(rec, args, this.#stats);
    announce(this.#d, rec, 'top');
    return result;
  }

  stats(idOrName: string, o: StatsOptions): StatsStream {
    const rec = this.#d.store.get(idOrName);
    return statsStream({ rec, sampler: this.#stats, onRemoved: (fn) => this.#d.events.on('removed', rec.Id, fn) }, o);
  }

  /**
   * Hands the container's changes as a layer to `use`. A running container is paused meanwhile when
   * `pause` (Docker's default) until `use` is done, as dockerd unpauses only after the commit is
   * announced; both are announced. One the user paused stays paused.
   */
  async commitLayer<T>(idOrName: string, o: { pause: boolean }, use: (layer: CommittedLayer | undefined) => Promise<T>): Promise<T> {
    const rec = this.#d.store.get(idOrName);
    const pause = o.pause && rec.State.Status === 'running';
    const shown = { save: false }; // a commit's pause is not saved (pause.ts)
    if (pause) await this.#d.mutex.run(rec.Id, () => pauseContainer(this.#d, rec, shown));
    try {
      return await use(await this.#d.snapshots.commit(rec.Id, { skip: isRuntimeMountPoint }));
    } finally {
      if (pause) await this.#d.mutex.run(rec.Id, () => unpauseContainer(this.#d, rec, shown)).catch(() => undefined);
    }
  }

  async pause(idOrName: string): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    await this.#d.mutex.run(rec.Id, () => pauseContainer(this.#d, rec));
  }

  async unpause(idOrName: string): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    await this.#d.mutex.run(rec.Id, () => unpauseContainer(this.#d, rec));
  }

  rename(idOrName: string, newName: string): Promise<void> {
    return renameContainer(this.#d, idOrName, newName);
  }

  update(idOrName: string, u: ContainerUpdate): Promise<UpdateReport> {
    return updateContainer(this.#d, idOrName, u);
  }

  prune(filters: Filters): Promise<ContainerPruneReport> {
    return pruneContainers(this.#d, filters, (id) => this.remove(id));
  }

  /**
   * The daemon is going: no more policy restarts; probes in flight are killed (they must not outlive
   * it in the containers, which run on; the runtime still reports their ends), then the runtime's watchers stop.
   */
  async shutdown(): Promise<void> {
    this.#restarts.close();
    await raceTimeout(this.#d.health.close(), PROBE_SHUTDOWN_WAIT_MS);
    this.#d.runtime.close();
    this.#d.logs.rotator.close();
  }
}

function exitResult(rec: ContainerRecord): WaitResult {
  return rec.State.Error ? { StatusCode: rec.State.ExitCode, Error: { Message: rec.State.Error } } : { StatusCode: rec.State.ExitCode };
}

/** A removal clears the error (Docker's SetRemovalError(nil)): `docker run --rm` prints a failed start once. */
function removedResult(rec: ContainerRecord): WaitResult {
  return { StatusCode: rec.State.ExitCode };
}

async function raceTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}
