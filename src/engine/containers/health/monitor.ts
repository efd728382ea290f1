/**
 * One container's health monitor (moby's monitor goroutine): after each delay it runs the probe
 * through the Prober, records the result in `State.Health` under the container's mutex, saves the
 * record and announces a status change. One probe at a time; the next delay counts from the end of
 * the last probe, as Docker's does. The Prober applies the timeout from the moment the process
 * runs (as Docker does since 26: starting an exec is not the probe's time); the monitor words a
 * -1 past the timeout as Docker does, and aborts a probe that does not even start in 30 s more.
 *
 * Stopping is synchronous (it may be called under the container's mutex, from teardown): no
 * result is recorded after it, the probe in flight is aborted (the Prober kills its process), and
 * the returned promise settles once that probe has ended, so probes never pile up or outlive it.
 */
import type { EventJournal } from '../../events/journal.js';
import type { KeyedMutex } from '../../../util/keyed-mutex.js';
import { formatGoDuration } from '../../../protocol/time.js';
import type { ContainerRecord } from '../record.js';
import type { Prober, ProbeResult } from '../probe.js';
import { announce } from '../announce.js';
import type { ProbePlan } from './config.js';
import { applyResult, nextDelay, type HealthcheckResult } from './state.js';

/** What monitors need of the engine. */
export interface HealthDeps {
  store: { save(rec: ContainerRecord): Promise<void> };
  mutex: KeyedMutex;
  journal: EventJournal;
  prober: Prober;
}

/** Docker's exec error for an empty command (a Test of `["CMD"]` alone). */
const NO_COMMAND = 'No exec command specified';
/** Docker's bound on starting a probe's exec, beyond the probe's own timeout. */
export const PROBE_START_GRACE_MS = 30_000;

export class HealthMonitor {
  readonly #rec: ContainerRecord;
  readonly #plan: ProbePlan;
  readonly #d: HealthDeps;
  #timer: NodeJS.Timeout | undefined;
  #abort: AbortController | undefined;
  #probing: Promise<void> | undefined;
  #ended = false;

  constructor(rec: ContainerRecord, plan: ProbePlan, deps: HealthDeps) {
    this.#rec = rec;
    this.#plan = plan;
    this.#d = deps;
  }

  start(): void {
    this.#schedule();
  }

  /** Ends the monitor: nothing is recorded after this; resolves when the probe in flight has ended. */
  end(): Promise<void> {
    this.#ended = true;
    clearTimeout(this.#timer);
    this.#abort?.abort();
    return this.#probing ?? Promise.resolve();
  }

  /** Docker's CloseMonitorChannel: a container whose monitor stopped reads unhealthy (no event). */
  markStopped(): void {
    const h = this.#rec.State.Health;
    if (h) h.Status = 'unhealthy';
  }

  #schedule(): void {
    if (this.#ended) return;
    const status = this.#rec.State.Health?.Status ?? 'starting';
    const delay = nextDelay(this.#plan, status, Date.parse(this.#rec.State.StartedAt), Date.now());
    this.#timer = setTimeout(() => {
      this.#probing = this.#probeOnce().catch(() => undefined).finally(() => {
        this.#probing = undefined;
        this.#schedule();
      });
    }, delay);
  }

  async #probeOnce(): Promise<void> {
    if (this.#rec.State.Status !== 'running') return; // paused: its monitor is being stopped (monitors.sync)
    const result = await this.#run();
    if (this.#ended) return;
    await this.#d.mutex.run(this.#rec.Id, () => this.#record(result));
  }

  /** Records a result (the caller holds the mutex); a monitor ended meanwhile records nothing. */
  async #record(r: HealthcheckResult): Promise<void> {
    const h = this.#rec.State.Health;
    if (this.#ended || !h) return;
    const changed = applyResult(h, r, this.#plan, Date.parse(this.#rec.State.StartedAt));
    await this.#d.store.save(this.#rec).catch(() => undefined); // kept in memory; the next save writes it
    if (changed) announce(this.#d, this.#rec, `health_status: ${h.Status}`);
  }

  /** One probe. Never throws: a probe that cannot run is a failure (-1) with the reason as output. */
  async #run(): Promise<HealthcheckResult> {
    const start = new Date();
    const { timeoutMs, cmd } = this.#plan;
    const ac = new AbortController();
    this.#abort = ac;
    const result = (exitCode: number, output: string): HealthcheckResult => ({ Start: start.toISOString(), End: new Date().toISOString(), ExitCode: exitCode, Output: output });
    const probe = cmd.length === 0
      ? Promise.reject(new Error(NO_COMMAND))
      : Promise.resolve().then(() => this.#d.prober(this.#rec, cmd, { timeoutMs, signal: ac.signal }));
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((r) => (timer = setTimeout(() => r('stuck'), timeoutMs + PROBE_START_GRACE_MS)));
    const outcome = await Promise.race([probe.then((p) => ({ p }), (e: unknown) => ({ e })), stuck]);
    clearTimeout(timer);
    if (outcome === 'stuck') {
      ac.abort();
      await probe.catch(() => undefined); // the Prober kills what it started: wait, so probes never pile up
      return result(-1, `timed out starting health check for container ${this.#rec.Id}`);
    }
    if ('e' in outcome) return result(-1, outcome.e instanceof Error ? outcome.e.message : String(outcome.e));
    if (isTimeout(outcome.p, start, timeoutMs)) return result(-1, timeoutMessage(timeoutMs, outcome.p.output));
    return result(outcome.p.exitCode, outcome.p.output);
  }
}

/** A -1 once the timeout is up is the Prober's timeout (a process cannot exit with -1). */
function isTimeout(p: ProbeResult, start: Date, timeoutMs: number): boolean {
  return p.exitCode === -1 && Date.now() - start.getTime() >= timeoutMs;
}

/** Docker's text for a probe that exceeded its timeout, with what it printed until then. */
function timeoutMessage(timeoutMs: number, output: string): string {
  const msg = `Health check exceeded timeout (${formatGoDuration(timeoutMs * 1e6)})`;
  return output ? `${msg}: ${output}` : msg;
}
