/**
 * Pause and unpause: the runtime freezes or thaws every process of the container (runc pause and
 * resume: the freezer cgroup on v1, cgroup.freeze on v2) and State.Status says `paused`. A paused
 * container still runs in Docker's sense (`isRunning`): it is listed, waited on and stopped like a
 * running one, but not started, attached, exec'd into or removed without force.
 *
 * A signal sent to a frozen process waits for the thaw, so a kill or stop thaws the container after
 * signalling it, as Docker does: for SIGKILL, for the container's stop signal, or for any signal
 * when it has none configured.
 */
import { ConflictError, InternalError } from '../errors.js';
import type { RuntimeState } from '../../runtime/runtime.js';
import type { ContainerDeps } from './deps.js';
import { hasProcess, type ContainerRecord } from './record.js';
import { announce } from './announce.js';
import { signalNumber } from './signals.js';

const SIGKILL = 9;

/**
 * How a pause is kept: a user's pause is saved (it outlives the daemon); a commit's pause is only
 * shown (State in memory), so a daemon that dies mid-commit leaves a record that says running and
 * the next daemon thaws the container (syncPaused) instead of leaving it frozen for nobody.
 */
export interface PauseMode { save: boolean }

/** Freezes `rec` (the caller holds its mutex). */
export async function pauseContainer(d: ContainerDeps, rec: ContainerRecord, mode: PauseMode = { save: true }): Promise<void> {
  if (rec.State.Status === 'restarting') throw new ConflictError(`Container ${rec.Id} is restarting, wait until the container is running`);
  if (!hasProcess(rec.State)) throw new ConflictError(`Container ${rec.Id} is not running`);
  if (rec.State.Status === 'paused') throw new ConflictError(`Container ${rec.Id} is already paused`);
  // Saved before it is made: a frozen container whose record says running is then one a commit
  // froze, never one the user paused.
  await setStatus(d, rec, 'paused', mode);
  await d.runtime.pause(rec.Id).catch(async (e: Error) => {
    await setStatus(d, rec, 'running', mode);
    throw new InternalError(`Cannot pause container ${rec.Id}: ${e.message}`, { cause: e });
  });
  announce(d, rec, 'pause');
}

/** Thaws `rec` (the caller holds its mutex). Docker answers 500 for a container that is not paused. */
export async function unpauseContainer(d: ContainerDeps, rec: ContainerRecord, mode: PauseMode = { save: true }): Promise<void> {
  if (rec.State.Status !== 'paused') throw new InternalError(`Container ${rec.Id} is not paused`);
  await d.runtime.resume(rec.Id).catch((e: Error) => {
    throw new InternalError(`Cannot unpause container ${rec.Id}: ${e.message}`, { cause: e });
  });
  await setStatus(d, rec, 'running', mode);
  announce(d, rec, 'unpause');
}

/** Whether a signal sent to a paused container should thaw it (moby daemon/kill.go). */
export function signalThaws(rec: ContainerRecord, sig: number): boolean {
  if (sig === SIGKILL || !rec.Config.StopSignal) return true;
  try {
    return signalNumber(rec.Config.StopSignal) === sig;
  } catch {
    return false;
  }
}

/**
 * After `sig` was sent: thaws a paused container when the signal calls for it (the caller holds
 * its mutex). A SIGKILLed one is left to its exit, which comes at once; the others run again.
 */
export async function thawAfterSignal(d: ContainerDeps, rec: ContainerRecord, sig: number): Promise<void> {
  if (rec.State.Status !== 'paused' || !signalThaws(rec, sig)) return;
  try {
    await d.runtime.resume(rec.Id);
  } catch {
    return; // gone meanwhile: its exit is on the way
  }
  if (sig === SIGKILL || rec.State.Status !== 'paused') return;
  await setStatus(d, rec, 'running');
  announce(d, rec, 'unpause');
}

/**
 * After a daemon restart (the caller holds the mutex): a container frozen while its record says
 * running was frozen by a commit the daemon did not live to finish, and is thawed; one running
 * while its record says paused saw a pause that was never made, or an unpause that was never
 * saved, and is running.
 */
export async function syncPaused(d: ContainerDeps, rec: ContainerRecord, st: RuntimeState): Promise<void> {
  if (st.status === 'paused' && rec.State.Status === 'running') await d.runtime.resume(rec.Id).catch(() => undefined);
  if (st.status === 'running' && rec.State.Status === 'paused') await setStatus(d, rec, 'running');
}

async function setStatus(d: ContainerDeps, rec: ContainerRecord, status: 'running' | 'paused', mode: PauseMode = { save: true }): Promise<void> {
  rec.State = { ...rec.State, Status: status };
  d.health.sync(rec); // no probes while frozen (Docker's updateHealthMonitor: the status reads unhealthy)
  if (mode.save) await d.store.save(rec);
}
