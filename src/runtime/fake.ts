/**
 * An in-memory OciRuntime, the test double for unit tests of the engine's container lifecycle:
 * containers are records, signals end them (asynchronously, as a real exit arrives) unless the
 * test says the process ignores that signal, and every call is logged for ordering assertions.
 * Exec processes run until the test ends them (`endExec`) or a signal does; a container's end
 * ends its exec processes with 137, as the kernel does when a pid namespace's init dies.
 */
import type { RuntimeProcess } from '../oci/runtime-spec.js';
import type { CreateRequest, ExecProcess, ExecRequest, ExitListener, OciRuntime, RuntimeResources, RuntimeState } from './runtime.js';
import { RuntimeError } from './runtime.js';

interface FakeContainer { pid: number; status: RuntimeState['status']; req: CreateRequest }

/** An exec process of the fake: `end` makes it exit. */
export interface FakeExec extends ExecProcess { readonly req: ExecRequest; end(code: number): void; deleted: boolean }

export class FakeRuntime implements OciRuntime {
  readonly containers = new Map<string, FakeContainer>();
  readonly exits = new Map<string, number>();
  /** `op id` per call, in order. */
  readonly calls: string[] = [];
  /** Signals the processes ignore (a shell that traps TERM). */
  readonly ignored = new Set<number>();
  /** Makes the next `create` fail with this runtime message. */
  failNextCreate?: string;
  /** Makes the next `exec` fail with this runtime message. */
  failNextExec?: string;
  /** Exec processes by session ID (deleted ones too). */
  readonly execs = new Map<string, FakeExec>();
  #listener?: ExitListener;
  #pid = 1000;

  async create(req: CreateRequest): Promise<number> {
    this.calls.push(`create ${req.id}`);
    this.exits.delete(req.id);
    if (this.failNextCreate) {
      const m = this.failNextCreate;
      this.failNextCreate = undefined;
      throw new RuntimeError(m);
    }
    const pid = ++this.#pid;
    this.containers.set(req.id, { pid, status: 'created', req });
    return pid;
  }

  async start(id: string): Promise<void> {
    this.calls.push(`start ${id}`);
    this.#get(id).status = 'running';
  }

  async kill(id: string, signal: number): Promise<void> {
    this.calls.push(`kill ${id} ${signal}`);
    const c = this.#get(id);
    if (c.status !== 'running' || this.ignored.has(signal)) return;
    setImmediate(() => void this.exit(id, 128 + signal));
  }

  /** The container's process ends with `code` (as if it exited by itself). */
  async exit(id: string, code: number): Promise<void> {
    const c = this.containers.get(id);
    if (!c || c.status === 'stopped') return;
    c.status = 'stopped';
    for (const e of this.execs.values()) if (e.req.containerId === id) e.end(137);
    this.exits.set(id, code);
    await this.#listener?.(id, code);
  }

  async delete(id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
    for (const e of this.execs.values()) if (e.req.containerId === id) await e.delete();
    this.containers.delete(id);
    this.exits.delete(id);
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    const c = this.containers.get(id);
    return c ? { id, pid: c.pid, status: c.status } : undefined;
  }

  async list(): Promise<RuntimeState[]> {
    return [...this.containers].map(([id, c]) => ({ id, pid: c.pid, status: c.status }));
  }

  async pause(id: string): Promise<void> {
    this.calls.push(`pause ${id}`);
    this.#get(id).status = 'paused';
  }

  async resume(id: string): Promise<void> {
    this.calls.push(`resume ${id}`);
    this.#get(id).status = 'running';
  }

  async update(id: string, _resources: RuntimeResources): Promise<void> {
    this.calls.push(`update ${id}`);
    this.#get(id);
  }

  async resize(id: string): Promise<void> {
    this.calls.push(`resize ${id}`);
  }

  async reopenLog(id: string, moves?: () => void): Promise<void> {
    moves?.();
    this.calls.push(`reopenLog ${id}`);
  }

  attachSocketPath(id: string): string {
    return `/nonexistent/${id}/attach`;
  }

  async exec(req: ExecRequest): Promise<ExecProcess> {
    this.calls.push(`exec ${req.id}`);
    if (this.#get(req.containerId).status !== 'running') throw new RuntimeError(`cannot exec in a stopped container`);
    if (this.failNextExec) {
      const m = this.failNextExec;
      this.failNextExec = undefined;
      throw new RuntimeError(m);
    }
    let end!: (code: number) => void;
    const exited = new Promise<number>((r) => (end = r));
    const calls = this.calls;
    const e: FakeExec = {
      req, pid: ++this.#pid, logPath: `/nonexistent/${req.id}/log`, attachSocketPath: `/nonexistent/${req.id}/attach`, exited, deleted: false,
      end: (code) => end(code),
      kill: async (signal) => { calls.push(`killExec ${req.id} ${signal}`); if (!this.ignored.has(signal)) setImmediate(() => end(128 + signal)); },
      resize: async () => void calls.push(`resizeExec ${req.id}`),
      delete: async () => { e.deleted = true; end(137); },
    };
    this.execs.set(req.id, e);
    return e;
  }

  async containerProcess(id: string): Promise<RuntimeProcess> {
    return this.#get(id).req.spec.process;
  }

  async exitCode(id: string): Promise<number | undefined> {
    return this.exits.get(id);
  }

  async watchExits(listener: ExitListener): Promise<void> {
    this.#listener = listener;
    for (const [id, code] of this.exits) await listener(id, code);
  }

  close(): void {
    this.#listener = undefined;
  }

  #get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new RuntimeError(`container "${id}" does not exist`);
    return c;
  }
}
