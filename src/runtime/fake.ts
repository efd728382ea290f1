/**
 * An in-memory OciRuntime, the test double for unit tests of the engine's container lifecycle:
 * containers are records, signals end them (asynchronously, as a real exit arrives) unless the
 * test says the process ignores that signal, and every call is logged for ordering assertions.
 * Signals sent to a paused container wait for its resume, as a frozen process takes them.
 */
import type { CreateRequest, ExitListener, OciRuntime, RuntimeResources, RuntimeState } from './runtime.js';
import { RuntimeError } from './runtime.js';

interface FakeContainer { pid: number; status: RuntimeState['status']; req: CreateRequest; pending?: number[] }

export class FakeRuntime implements OciRuntime {
  readonly containers = new Map<string, FakeContainer>();
  readonly exits = new Map<string, number>();
  /** `op id` per call, in order. */
  readonly calls: string[] = [];
  /** Signals the processes ignore (a shell that traps TERM). */
  readonly ignored = new Set<number>();
  /** Containers whose process the OOM killer ended (as the test says). */
  readonly oomed = new Set<string>();
  /** Makes the next `create` fail with this runtime message. */
  failNextCreate?: string;
  /** Makes the next `update` fail with this runtime message. */
  failNextUpdate?: string;
  /** The resources of each `update`, in order. */
  readonly updates: Array<{ id: string; resources: RuntimeResources }> = [];
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
    if (c.status === 'paused') return void (c.pending ??= []).push(signal);
    this.#deliver(id, c, signal);
  }

  #deliver(id: string, c: FakeContainer, signal: number): void {
    if (c.status !== 'running' || this.ignored.has(signal)) return;
    setImmediate(() => void this.exit(id, 128 + signal));
  }

  /** The container's process ends with `code` (as if it exited by itself). */
  async exit(id: string, code: number): Promise<void> {
    const c = this.containers.get(id);
    if (!c || c.status === 'stopped') return;
    c.status = 'stopped';
    this.exits.set(id, code);
    await this.#listener?.(id, code);
  }

  async delete(id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
    this.containers.delete(id);
    this.exits.delete(id);
    this.oomed.delete(id);
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
    const c = this.#get(id);
    c.status = 'running';
    for (const sig of c.pending?.splice(0) ?? []) this.#deliver(id, c, sig);
  }

  async update(id: string, resources: RuntimeResources): Promise<void> {
    this.calls.push(`update ${id}`);
    this.#get(id);
    const fail = this.failNextUpdate;
    this.failNextUpdate = undefined;
    if (fail) throw new RuntimeError(fail);
    this.updates.push({ id, resources });
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

  async exitCode(id: string): Promise<number | undefined> {
    return this.exits.get(id);
  }

  async oomKilled(id: string): Promise<boolean> {
    return this.oomed.has(id);
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
