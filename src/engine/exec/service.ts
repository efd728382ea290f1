/**
 * The exec engine: instances created in running containers, started detached or attached, resized,
 * inspected; and the Prober healthchecks run through. It follows its containers' lives: when one
 * stops, its instances never started are forgotten; when one is removed, all of them; ended ones
 * are swept as Docker sweeps them (every 5 minutes, two passes).
 */
import type { ExecAttachment, ExecCreateRequest, ExecDetails, ExecEngine, ExecStartOptions } from '../engine.js';
import type { ContainerDeps } from '../containers/deps.js';
import type { Prober } from '../containers/probe.js';
import { InternalError, NotFoundError } from '../errors.js';
import { createExec } from './create.js';
import { execProber } from './probe.js';
import { execDetails, type ExecRecord } from './record.js';
import { launch, type ExecDeps } from './run.js';
import { ExecSession } from './session.js';
import type { ExecStore } from './store.js';

const SWEEP_MS = 5 * 60_000;
/** Nobody reads a detached session's output (Docker drops it): conmon keeps at most this much of it. */
const DETACHED_LOG_MAX = 1024 * 1024;
/** Docker waits this long for a resized instance to start. */
const RESIZE_WAIT_MS = 10_000;

/** Waits until `e`'s process runs or it ended, up to Docker's 10 s; false on timeout. */
async function ready(e: ExecRecord): Promise<boolean> {
  const end = Date.now() + RESIZE_WAIT_MS;
  const settled = () => e.process !== undefined || e.ExitCode !== null;
  while (!settled() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return settled();
}

export class ExecService implements ExecEngine {
  readonly #x: ExecDeps;
  readonly #sweep: NodeJS.Timeout;
  /** The Prober for healthchecks. */
  readonly prober: Prober;

  constructor(d: ContainerDeps, store: ExecStore) {
    this.#x = { d, store };
    this.prober = execProber(this.#x);
    d.events.onAny('exit', (id) => store.dropUnstarted(id));
    d.events.onAny('removed', (id) => store.dropContainer(id));
    this.#sweep = setInterval(() => store.sweep(), SWEEP_MS).unref();
  }

  create(container: string, req: ExecCreateRequest): { Id: string } {
    return { Id: createExec(this.#x, container, req).ID };
  }

  inspect(id: string): ExecDetails {
    return execDetails(this.#x.store.get(id));
  }

  async start(id: string, o: ExecStartOptions = {}): Promise<void> {
    await launch(this.#x, this.#x.store.get(id), { ...o, logSizeMax: DETACHED_LOG_MAX });
  }

  attach(id: string, o: ExecStartOptions = {}): ExecAttachment {
    return new ExecSession(this.#x, this.#x.store.get(id), o);
  }

  async resize(id: string, height: number, width: number): Promise<void> {
    const e = this.#x.store.get(id);
    if (!(await ready(e))) throw new InternalError('timeout waiting for exec session ready');
    if (!e.process) throw new NotFoundError('no such exec');
    await e.process.resize({ height, width });
  }

  shutdown(): void {
    clearInterval(this.#sweep);
  }
}
