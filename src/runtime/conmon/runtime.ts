/**
 * OciRuntime on conmon and runc, as podman runs containers: conmon creates each container (and
 * monitors it for life), runc does the rest. Layout under the runtime root (the exec-root):
 *   c/<id>/     the bundle: config.json, conmon's attach socket, ctl FIFO, pid files, runc's log
 *   e/<id>/     an exec session's bundle (exec.ts)
 *   runc/       runc's state (`--root`)
 *   exits/<id>  exit codes conmon recorded
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Conmon } from './conmon.js';
import { sendReopenLogs, sendResize } from './ctl.js';
import { ExitMonitor, clearExitFile, readExitFile } from './exits.js';
import { ConmonExecs } from './exec.js';
import { Runc, isUnknownContainer } from '../runc/runc.js';
import type { RuntimeProcess, RuntimeSpec } from '../../oci/runtime-spec.js';
import {
  RuntimeError, type CreateRequest, type ExecProcess, type ExecRequest, type ExitListener, type OciRuntime, type RuntimeResources, type RuntimeState,
} from '../runtime.js';

export interface ConmonRuntimeOptions {
  /** The runtime root (the daemon's exec-root; tmpfs). */
  root: string;
  runcPath: string;
  conmonPath: string;
}

export class ConmonRuntime implements OciRuntime {
  readonly #root: string;
  readonly #runc: Runc;
  readonly #conmon: Conmon;
  readonly #execs: ConmonExecs;
  #exits?: ExitMonitor;

  constructor(o: ConmonRuntimeOptions) {
    this.#root = o.root;
    this.#runc = new Runc(o.runcPath, join(o.root, 'runc'));
    this.#conmon = new Conmon({ conmon: o.conmonPath, exitDir: this.#exitDir }, this.#runc);
    this.#execs = new ConmonExecs(join(o.root, 'e'), this.#conmon);
  }

  get #exitDir(): string {
    return join(this.#root, 'exits');
  }

  #bundle(id: string): string {
    return join(this.#root, 'c', id);
  }

  async init(): Promise<void> {
    for (const d of [this.#runc.root, this.#exitDir, join(this.#root, 'c')]) await mkdir(d, { recursive: true });
    await this.#execs.init();
  }

  async create(req: CreateRequest): Promise<number> {
    const bundle = this.#bundle(req.id);
    await rm(bundle, { recursive: true, force: true });
    await mkdir(bundle, { recursive: true });
    await writeFile(join(bundle, 'config.json'), JSON.stringify(req.spec));
    await clearExitFile(this.#exitDir, req.id); // a previous run's
    return this.#conmon.create({ id: req.id, name: req.name, bundle, ...req.io });
  }

  start(id: string): Promise<void> {
    return this.#runc.start(id);
  }

  kill(id: string, signal: number, o: { all?: boolean } = {}): Promise<void> {
    return this.#runc.kill(id, signal, o.all);
  }

  async delete(id: string): Promise<void> {
    await this.#execs.deleteOf(id);
    // runc keeps a state dir per container under its root: without one it knows nothing of the
    // container, and a second delete (a removal after the exit's teardown) costs no runc call.
    if (existsSync(join(this.#runc.root, id))) {
      await this.#runc.delete(id).catch((e: unknown) => {
        if (!(e instanceof RuntimeError && isUnknownContainer(e))) throw e;
      });
    }
    await rm(this.#bundle(id), { recursive: true, force: true });
    await clearExitFile(this.#exitDir, id);
  }

  state(id: string): Promise<RuntimeState | undefined> {
    return this.#runc.state(id);
  }

  list(): Promise<RuntimeState[]> {
    return this.#runc.list();
  }

  pause(id: string): Promise<void> {
    return this.#runc.pause(id);
  }

  resume(id: string): Promise<void> {
    return this.#runc.resume(id);
  }

  update(id: string, resources: RuntimeResources): Promise<void> {
    return this.#runc.update(id, resources);
  }

  resize(id: string, size: { height: number; width: number }): Promise<void> {
    return sendResize(this.#bundle(id), size.height, size.width);
  }

  reopenLog(id: string, moves?: () => void): Promise<void> {
    return sendReopenLogs(this.#bundle(id), moves);
  }

  attachSocketPath(id: string): string {
    return join(this.#bundle(id), 'attach');
  }

  exec(req: ExecRequest): Promise<ExecProcess> {
    return this.#execs.run(req);
  }

  async containerProcess(id: string): Promise<RuntimeProcess> {
    const text = await readFile(join(this.#bundle(id), 'config.json'), 'utf8').catch(() => {
      throw new RuntimeError(`container "${id}" does not exist`);
    });
    return (JSON.parse(text) as RuntimeSpec).process;
  }

  exitCode(id: string): Promise<number | undefined> {
    return readExitFile(this.#exitDir, id);
  }

  async watchExits(listener: ExitListener): Promise<void> {
    this.#exits?.stop();
    this.#exits = new ExitMonitor(this.#exitDir, async (id) => {
      const code = await readExitFile(this.#exitDir, id);
      if (code !== undefined) await listener(id, code);
    });
    this.#exits.start();
    await this.#exits.scan();
  }

  close(): void {
    this.#exits?.stop();
  }
}
