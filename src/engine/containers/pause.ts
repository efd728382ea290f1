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
import { isRunning, type ContainerRecord } from './record.js';
import { announce } from './announce.js';
import { signalNumber } from './signals.js';

const SIGKILL = 9;

/** Freezes `rec` (the caller holds its mutex). */
export async function pauseContainer(d: ContainerDeps, rec: ContainerRecord): Promise<void> {
  if (rec.State.Status === 'restarting') throw new ConflictError(`Container ${rec.Id} is restarting, wait until the container is running`);
  if (!isRunning(rec.State)) throw new ConflictError(`Container ${rec.Id} is not running`);
  if (rec.State.Status === 'paused') throw new ConflictError(`Container ${rec.Id} is already paused`);
  await d.runtime.pause(rec.Id).catch((e: Error) => {
    throw new InternalError(`Cannot pause container ${rec.Id}: ${e.message}`, { cause: e });
  });
  await setStatus(d, rec, 'paused');
  announce(d, rec, 'pause');
}

/** Thaws `rec` (the caller holds its mutex). Docker answers 500 for a container that is not paused. */
export async function unpauseContainer(d: ContainerDeps, rec: ContainerRecord): Promise<void> {
  if (rec.State.Status !== 'paused') throw new InternalError(`Container ${rec.Id} is not paused`);
  await d.runtime.resume(rec.Id).catch((e: Error) => {
    throw new InternalError(`Cannot unpause container ${rec.Id}: ${e.message}`, { cause: e });
  });
  await setStatus(d, rec, 'running');
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
 * After a daemon restart: the record follows the runtime when the daemon died between a pause or
 * resume and saving it (the caller holds the mutex).
 */
export async function syncPaused(d: ContainerDeps, rec: ContainerRecord, st: RuntimeState): Promise<void> {
  if (st.status === 'paused' && rec.State.Status === 'running') await setStatus(d, rec, 'paused');
  if (st.status === 'running' && rec.State.Status === 'paused') await setStatus(d, rec, 'running');
}

async function setStatus(d: ContainerDeps, rec: ContainerRecord, status: 'running' | 'paused'): Promise<void> {
  rec.State = { ...rec.State, Status: status };
  await d.store.save(rec);
}
