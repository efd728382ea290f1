/**
 * The daemon's health monitors, at most one per container, started and stopped where Docker's are
 * (moby daemon/health.go): `init` when a container starts or a restarted daemon finds it running
 * (status back to starting, streak 0, the log kept), `sync` when it is paused or unpaused (probing
 * only while running), `stop` when its run ends (teardown: exit, failed start, removal). A stopped
 * monitor leaves the status `unhealthy`, as Docker's CloseMonitorChannel does, with no event.
 * The callers hold the container's mutex and save the record afterwards.
 */
import type { ContainerRecord } from '../record.js';
import { probePlan } from './config.js';
import { HealthMonitor, type HealthDeps } from './monitor.js';
import { startingHealth } from './state.js';

export class HealthMonitors {
  readonly #d: HealthDeps;
  readonly #running = new Map<string, HealthMonitor>();

  constructor(deps: HealthDeps) {
    this.#d = deps;
  }

  /** Docker's initHealthMonitor. Does nothing for a container whose healthcheck does not probe. */
  init(rec: ContainerRecord): void {
    if (!probePlan(rec.Config.Healthcheck, rec.Config.Shell)) return;
    void this.#end(rec.Id);
    rec.State.Health = startingHealth(rec.State.Health);
    this.sync(rec);
  }

  /** Docker's updateHealthMonitor: a monitor while the container runs (not paused), none otherwise. */
  sync(rec: ContainerRecord): void {
    if (!rec.State.Health) return;
    const plan = probePlan(rec.Config.Healthcheck, rec.Config.Shell);
    if (!plan || rec.State.Status !== 'running') return void this.stop(rec.Id);
    if (this.#running.has(rec.Id)) return;
    const m = new HealthMonitor(rec, plan, this.#d);
    this.#running.set(rec.Id, m);
    m.start();
  }

  /** Docker's stopHealthchecks; resolves when the probe in flight (if any) has ended. */
  stop(id: string): Promise<void> {
    const m = this.#running.get(id);
    if (!m) return Promise.resolve();
    this.#running.delete(id);
    const ended = m.end();
    m.markStopped();
    return ended;
  }

  /** Whether a monitor runs for the container. */
  has(id: string): boolean {
    return this.#running.has(id);
  }

  /** Ends every monitor (daemon shutdown: the containers run on, the state stays as it is). */
  async close(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.#end(id)));
  }

  #end(id: string): Promise<void> {
    const m = this.#running.get(id);
    this.#running.delete(id);
    return m?.end() ?? Promise.resolve();
  }
}
