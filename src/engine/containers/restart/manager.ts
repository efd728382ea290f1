/**
 * The daemon's restart manager (moby restartmanager + daemon/monitor.go). At each exit it reads the
 * container's policy from the record (so `update --restart` takes effect at the next exit) and
 * either lets it stop or makes it `restarting` and starts it again after Docker's back-off, through
 * the same start path a user start takes (so it gets its events).
 *
 * Per container it keeps, in memory as Docker does, the current back-off and whether the policy is
 * cancelled (Docker's ExitOnNext: a stop or kill by the user, until the user starts it again). The
 * user's stop is also persisted (State.StoppedByUser, Docker's HasBeenManuallyStopped) the moment
 * it is asked, so `unless-stopped` honours it after a daemon crash.
 *
 * Concurrency: every state change runs under the container's mutex. `afterExit` and `userStarted`
 * are called by holders of it; the others take it.
 */
import type { ContainerDeps } from '../deps.js';
import { type ContainerRecord, ZERO_TIME } from '../record.js';
import { signalNumber } from '../signals.js';
import { type ExitFacts, isNone, nextBackoff, policyRestarts } from './policy.js';

const SIGKILL = 9;

/** Starts a container (the caller holds its mutex); throws the recorded start failure. */
export type Starter = (rec: ContainerRecord) => Promise<void>;

interface Backoff { delayMs: number; cancelled: boolean; timer?: NodeJS.Timeout }

export class RestartManager {
  readonly #d: ContainerDeps;
  readonly #start: Starter;
  readonly #backoffs = new Map<string, Backoff>();
  /** Until `restore()`: exits found at daemon start are decided there, as Docker's restore does. */
  #restoring = true;
  #closed = false;

  constructor(d: ContainerDeps, start: Starter) {
    this.#d = d;
    this.#start = start;
  }

  /**
   * At an exit (the caller holds the mutex; `rec.State` is the exited state, not yet saved):
   * true when the policy restarts it, and then the record is `restarting` with RestartCount
   * counted and the restart is armed after the back-off.
   */
  afterExit(rec: ContainerRecord): boolean {
    if (this.#restoring || this.#closed || isNone(rec.HostConfig.RestartPolicy)) return false;
    const b = this.#backoff(rec.Id);
    if (b.cancelled) return false;
    b.delayMs = nextBackoff(b.delayMs, Date.parse(rec.State.FinishedAt) - Date.parse(rec.State.StartedAt));
    if (!policyRestarts(rec.HostConfig.RestartPolicy, facts(rec))) return false;
    rec.RestartCount += 1;
    rec.State.Status = 'restarting';
    b.timer = setTimeout(() => void this.#restart(rec.Id), b.delayMs);
    return true;
  }

  /**
   * A stop or kill asked by the user with `signal`: it is recorded as stopped by the user (saved
   * now), the policy is cancelled unless the signal is other than the container's configured stop
   * signal (Docker's rule), and a pending back-off then ends: the container is exited.
   */
  async userSignalled(rec: ContainerRecord, signal: number): Promise<void> {
    await this.#d.mutex.run(rec.Id, async () => {
      if (!this.#d.store.find(rec.Id)) return;
      rec.State.StoppedByUser = true;
      if (exitsOnNext(rec, signal)) {
        const b = this.#backoff(rec.Id);
        b.cancelled = true;
        clearTimeout(b.timer);
        if (rec.State.Status === 'restarting') return this.#settle(rec);
      }
      await this.#d.store.save(rec);
    });
  }

  /** A start by the user (the caller holds the mutex): RestartCount back to 0, a fresh back-off, no cancel. */
  userStarted(rec: ContainerRecord): void {
    this.forget(rec.Id);
    rec.RestartCount = 0;
  }

  /** The container is gone: nothing of it is kept, no restart is pending. */
  forget(id: string): void {
    clearTimeout(this.#backoffs.get(id)?.timer);
    this.#backoffs.delete(id);
  }

  /**
   * At daemon start, once exits that happened while it was down are recorded (Docker's restore):
   * a back-off the last daemon did not finish ends; every container that was started before and
   * whose policy restarts it now (a fresh manager: `always` even after a user's stop,
   * `unless-stopped` unless the user stopped it, `on-failure` after a failure within its count)
   * is started as a user start would (RestartCount 0). Exits from now on are decided at once.
   */
  async restore(): Promise<void> {
    this.#restoring = false;
    await Promise.all(this.#d.store.list().map((rec) => this.#d.mutex.run(rec.Id, () => this.#restoreOne(rec))));
  }

  /** Daemon shutdown: pending restarts are dropped (the records stay `restarting`; the next daemon restores them). */
  close(): void {
    this.#closed = true;
    for (const b of this.#backoffs.values()) clearTimeout(b.timer);
  }

  async #restoreOne(rec: ContainerRecord): Promise<void> {
    if (!this.#d.store.find(rec.Id) || this.#backoffs.get(rec.Id)?.timer) return;
    if (rec.State.Status === 'restarting') {
      rec.State.Status = 'exited';
      await this.#d.store.save(rec);
    }
    if (rec.State.Status !== 'exited' || rec.State.StartedAt === ZERO_TIME) return;
    if (!policyRestarts(rec.HostConfig.RestartPolicy, facts(rec))) return;
    this.userStarted(rec);
    await this.#start(rec).catch(() => undefined); // recorded in State.Error; the daemon goes on, as Docker's does
  }

  /** The back-off ended: start it again, or, cancelled or failing to start, it is exited for good. */
  async #restart(id: string): Promise<void> {
    await this.#d.mutex.run(id, async () => {
      const rec = this.#d.store.find(id);
      const b = this.#backoffs.get(id);
      if (!rec || !b || rec.State.Status !== 'restarting' || this.#closed) return;
      b.timer = undefined;
      if (b.cancelled) return this.#settle(rec);
      const { ExitCode, FinishedAt } = rec.State;
      try {
        await this.#start(rec);
      } catch {
        // Docker: stopped with the exit that led here; the start's error stays in State.Error.
        rec.State = { ...rec.State, ExitCode, FinishedAt };
        await this.#settle(rec);
      }
    });
  }

  /** A restarting container stops restarting (the caller holds the mutex): exited, saved, and waiters told. */
  async #settle(rec: ContainerRecord): Promise<void> {
    if (rec.State.Status !== 'restarting') return;
    rec.State.Status = 'exited';
    await this.#d.store.save(rec);
    const { ExitCode, Error: message } = rec.State;
    this.#d.events.emit('exit', rec.Id, message ? { StatusCode: ExitCode, Error: { Message: message } } : { StatusCode: ExitCode });
  }

  #backoff(id: string): Backoff {
    let b = this.#backoffs.get(id);
    if (!b) this.#backoffs.set(id, (b = { delayMs: 0, cancelled: false }));
    return b;
  }
}

function facts(rec: ContainerRecord): ExitFacts {
  return { exitCode: rec.State.ExitCode, manuallyStopped: Boolean(rec.State.StoppedByUser), restartCount: rec.RestartCount };
}

/** Docker's kill: SIGKILL or the container's stop signal (any signal when none is configured) cancels the policy. */
function exitsOnNext(rec: ContainerRecord, signal: number): boolean {
  if (signal === SIGKILL || !rec.Config.StopSignal) return true;
  try {
    return signalNumber(rec.Config.StopSignal) === signal;
  } catch {
    return true;
  }
}
