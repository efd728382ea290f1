/**
 * Container lifecycle: create, start, stop, kill, remove, wait, and the reaction to a container's
 * exit. State changes for one container are serialised by a per-container mutex; every change is
 * persisted before it is announced. Exits arrive from conmon's exit files (ExitMonitor), so a
 * container that ends while the daemon is down is reconciled on the next start.
 */
import { EventEmitter } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { prepareRootfs, mountRootfs, removeRootfs, unmountRootfs } from '../../snapshot/rootfs.js';
import { buildSpec } from '../../runtime/spec/builder.js';
import { resolveUser } from '../../runtime/spec/user.js';
import { RuntimeError, type Runc } from '../../runtime/runc/runc.js';
import type { Conmon } from '../../runtime/conmon/conmon.js';
import type { ContainerRecord } from './record.js';
import type { ContainerStore } from './store.js';
import type { ImageService } from '../images/service.js';
import type { EnginePaths } from '../paths.js';
import { buildRecord, type CreateRequest } from './create.js';
import { isValidContainerName, randomName } from './names.js';
import { writeEtcFiles } from './etc-files.js';
import { startFailure } from './start-error.js';
import { ExitMonitor } from './exits.js';
import { EngineError, conflict, invalidArgument, notModified } from '../errors.js';
import { signalNumber } from './signals.js';

const MONITOR_LOST = 'container monitor exited unexpectedly';

export interface WaitResult { StatusCode: number; Error?: { Message: string } }
export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface ContainerDeps {
  paths: EnginePaths;
  store: ContainerStore;
  images: ImageService;
  conmon: Conmon;
  runc: Runc;
}

/** Hooks run between `runc create` and `runc start` (attach sessions connect there). */
export type BeforeStartHook = (rec: ContainerRecord) => void;

export class ContainerService {
  readonly #d: ContainerDeps;
  readonly #mutex = new KeyedMutex();
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly exits: ExitMonitor;
  #beforeStart: BeforeStartHook[] = [];

  constructor(deps: ContainerDeps) {
    this.#d = deps;
    this.exits = new ExitMonitor(deps.paths.exits, (id) => this.#onExitFile(id));
  }

  get store(): ContainerStore {
    return this.#d.store;
  }

  get paths(): EnginePaths {
    return this.#d.paths;
  }

  onBeforeStart(hook: BeforeStartHook): void {
    this.#beforeStart.push(hook);
  }

  /** Subscribes to one container's events; returns the unsubscribe function. A failed start is not an exit (Docker's waiters do not see it). */
  on(event: 'exit' | 'removed' | 'startfailed', id: string, fn: (r: WaitResult) => void): () => void {
    const key = `${event}:${id}`;
    this.#events.on(key, fn);
    return () => this.#events.off(key, fn);
  }

  async create(req: CreateRequest): Promise<{ Id: string; Warnings: string[] }> {
    const name = this.#containerName(req.name);
    const { record: image, config } = await this.#d.images.resolveWithConfig(req.config.Image);
    const rec = buildRecord(req, image.id, config, name);
    rec.LogPath = this.#d.paths.containerLog(rec.Id);
    await this.#d.store.add(rec);
    await prepareRootfs(this.#d.paths.container(rec.Id));
    return { Id: rec.Id, Warnings: [] };
  }

  #containerName(requested?: string): string {
    if (requested) {
      if (!isValidContainerName(requested)) {
        throw invalidArgument(`Invalid container name (${requested}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      }
      return requested.startsWith('/') ? requested : `/${requested}`;
    }
    for (;;) {
      const n = `/${randomName()}`;
      if (!this.#d.store.nameTaken(n)) return n;
    }
  }

  async start(idOrName: string): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    await this.#mutex.run(rec.Id, async () => {
      if (rec.State.Status === 'running') throw notModified();
      if (rec.State.Status === 'removing' || rec.State.Status === 'dead') {
        throw conflict(`container ${rec.Id} is marked for removal and cannot be started`);
      }
      await this.#startLocked(rec);
    });
  }

  async #startLocked(rec: ContainerRecord): Promise<void> {
    const dir = this.#d.paths.container(rec.Id);
    const bundle = this.#d.paths.bundle(rec.Id);
    const image = this.#d.images.resolve(rec.Image);
    await prepareRootfs(dir);
    const rootfs = await mountRootfs(dir, await this.#d.images.lowerDirs(image));
    try {
      const user = await resolveUser(rootfs, rec.Config.User ?? '').catch((e: Error) => {
        throw invalidArgument(e.message);
      });
      const etc = await writeEtcFiles(dir, rec);
      await rm(bundle, { recursive: true, force: true });
      await mkdir(bundle, { recursive: true });
      await writeFile(join(bundle, 'config.json'), JSON.stringify(buildSpec({ record: rec, rootfs, user, etc })));
      await this.exits.clear(rec.Id);
      const pid = await this.#d.conmon.create({
        id: rec.Id, name: rec.Name.slice(1), bundle, logPath: rec.LogPath,
        tty: Boolean(rec.Config.Tty), openStdin: Boolean(rec.Config.OpenStdin), stdinOnce: Boolean(rec.Config.StdinOnce),
      });
      for (const hook of this.#beforeStart) hook(rec);
      await this.#d.runc.start(rec.Id);
      rec.State = { ...rec.State, Status: 'running', Pid: pid, ExitCode: 0, Error: '', StartedAt: new Date().toISOString(), StoppedByUser: false };
      await this.#d.store.save(rec);
    } catch (e) {
      await this.#d.runc.delete(rec.Id, true).catch(() => undefined);
      await unmountRootfs(dir).catch(() => undefined);
      const { exitCode, error } = e instanceof RuntimeError ? startFailure(e.message) : { exitCode: 128, error: e as Error };
      rec.State = { ...rec.State, ExitCode: exitCode, Error: error.message };
      await this.#d.store.save(rec);
      this.#events.emit(`startfailed:${rec.Id}`, { StatusCode: exitCode, Error: { Message: error.message } });
      if (rec.HostConfig.AutoRemove) void this.#autoRemove(rec);
      throw error;
    }
  }

  /** Handles a new exit file: the container's process has ended. */
  async #onExitFile(id: string): Promise<void> {
    const rec = this.#d.store.find(id);
    if (!rec) return void (await this.exits.clear(id)); // a container removed while it ran
    const code = await this.exits.read(id);
    if (code === undefined) return;
    await this.#mutex.run(rec.Id, () => this.#markExited(rec, code));
  }

  async #markExited(rec: ContainerRecord, code: number, error = ''): Promise<void> {
    if (rec.State.Status !== 'running') return;
    // Independent clean-ups, run together: they sit on the path of every `docker run --rm`.
    await Promise.all([
      this.#d.runc.delete(rec.Id, true).catch(() => undefined),
      unmountRootfs(this.#d.paths.container(rec.Id)).catch(() => undefined),
      rm(this.#d.paths.bundle(rec.Id), { recursive: true, force: true }),
      this.exits.clear(rec.Id),
    ]);
    rec.State = { ...rec.State, Status: 'exited', Pid: 0, ExitCode: code, Error: error, FinishedAt: new Date().toISOString() };
    await this.#d.store.save(rec);
    this.#events.emit(`exit:${rec.Id}`, { StatusCode: code });
    if (rec.HostConfig.AutoRemove) void this.#autoRemove(rec);
  }

  async #autoRemove(rec: ContainerRecord): Promise<void> {
    await this.remove(rec.Id, { force: true }).catch(() => undefined);
  }

  /**
   * After a daemon restart: exits that happened while it was down, containers whose monitor is
   * gone, and runtime leftovers of a start the daemon did not finish (killed between create and start).
   */
  async reconcile(): Promise<void> {
    await this.exits.scan();
    const known = new Map((await this.#d.runc.list().catch(() => [])).map((s) => [s.id, s]));
    for (const rec of this.#d.store.list()) {
      const st = known.get(rec.Id);
      if (rec.State.Status !== 'running') {
        if (st) await this.#mutex.run(rec.Id, () => this.#discardRuntime(rec));
        continue;
      }
      if ((await this.exits.read(rec.Id)) !== undefined) continue; // handled by scan
      if (!st || st.status === 'stopped') {
        await this.#mutex.run(rec.Id, () => this.#markExited(rec, 255, MONITOR_LOST));
      }
    }
  }

  async #discardRuntime(rec: ContainerRecord): Promise<void> {
    await this.#d.runc.delete(rec.Id, true).catch(() => undefined);
    await unmountRootfs(this.#d.paths.container(rec.Id)).catch(() => undefined);
    await rm(this.#d.paths.bundle(rec.Id), { recursive: true, force: true });
  }

  async kill(idOrName: string, signal = 'SIGKILL', byUser = true): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    const sig = signalNumber(signal);
    if (rec.State.Status !== 'running') {
      throw conflict(`Cannot kill container: ${idOrName}: Container ${rec.Id} is not running`);
    }
    if (byUser) rec.State.StoppedByUser = true;
    await this.#d.runc.kill(rec.Id, sig).catch(async (e: Error) => {
      if (await this.#reapIfGone(rec)) return;
      if (rec.State.Status === 'running') throw new EngineError('INTERNAL', `Cannot kill container: ${idOrName}: ${e.message}`);
    });
  }

  /**
   * Records the exit of a container whose process is gone but whose exit never arrived (its monitor
   * died with it). True when the container is no longer running.
   */
  async #reapIfGone(rec: ContainerRecord): Promise<boolean> {
    const st = await this.#d.runc.state(rec.Id).catch(() => undefined);
    if (st && st.status !== 'stopped') return false;
    const code = await this.exits.read(rec.Id);
    await this.#mutex.run(rec.Id, () => this.#markExited(rec, code ?? 255, code === undefined ? MONITOR_LOST : ''));
    return true;
  }

  /** Docker's stop: the stop signal, then SIGKILL after the timeout (seconds; -1 waits forever). */
  async stop(idOrName: string, o: { timeout?: number; signal?: string } = {}): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    if (rec.State.Status !== 'running') throw notModified();
    const exited = this.#nextExit(rec.Id);
    const timeout = o.timeout ?? rec.Config.StopTimeout ?? 10;
    rec.State.StoppedByUser = true;
    await this.kill(rec.Id, o.signal || rec.Config.StopSignal || 'SIGTERM').catch(() => undefined);
    if (timeout >= 0 && !(await raceTimeout(exited, timeout * 1000))) {
      await this.kill(rec.Id, 'SIGKILL').catch(() => undefined);
    }
    await raceTimeout(exited, 30_000);
  }

  #nextExit(id: string): Promise<WaitResult> {
    return new Promise((resolve) => {
      const off = this.on('exit', id, (r) => { off(); resolve(r); });
    });
  }

  async remove(idOrName: string, o: { force?: boolean } = {}): Promise<void> {
    const rec = this.#d.store.get(idOrName);
    if (rec.State.Status === 'running') {
      if (!o.force) {
        throw conflict(`You cannot remove a running container ${rec.Id}. Stop the container before attempting removal or force remove`);
      }
      const exited = this.#nextExit(rec.Id);
      await this.kill(rec.Id, 'SIGKILL').catch(() => undefined);
      await raceTimeout(exited, 30_000);
    }
    await this.#mutex.run(rec.Id, async () => {
      if (!this.#d.store.find(rec.Id)) return;
      if (rec.State.Status === 'running') throw conflict(`container ${rec.Id} is still running`);
      rec.State.Status = 'removing';
      await removeRootfs(this.#d.paths.container(rec.Id));
      await rm(this.#d.paths.bundle(rec.Id), { recursive: true, force: true });
      await this.#d.store.remove(rec);
    });
    this.#events.emit(`removed:${rec.Id}`, { StatusCode: rec.State.ExitCode });
  }

  /**
   * Docker's wait. Resolves `registered` as soon as the wait is in place (the API flushes headers
   * then, so `docker run` can start the container knowing the exit will be seen).
   */
  wait(idOrName: string, condition: WaitCondition = 'not-running'): { registered: true; result: Promise<WaitResult> } {
    const rec = this.#d.store.get(idOrName);
    if (condition === 'not-running' && rec.State.Status !== 'running') {
      return { registered: true, result: Promise.resolve(exitResult(rec)) };
    }
    const event = condition === 'removed' ? 'removed' : 'exit';
    const result = new Promise<WaitResult>((resolve) => {
      const off = this.on(event, rec.Id, (r) => { off(); resolve(condition === 'removed' ? exitResult(rec) : r); });
    });
    return { registered: true, result };
  }

  shutdown(): void {
    this.exits.stop();
  }
}

function exitResult(rec: ContainerRecord): WaitResult {
  return rec.State.Error ? { StatusCode: rec.State.ExitCode, Error: { Message: rec.State.Error } } : { StatusCode: rec.State.ExitCode };
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
