/**
 * Recording a container's exit: its run is torn down, State becomes exited with the code (or
 * restarting, when its restart policy says so), and the `exit` event goes out after the state is
 * saved (so a waiter, or a kill that waits, sees it recorded).
 */
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';
import { teardown } from './teardown.js';

/** The error recorded when a container's monitor died without leaving its exit code. */
export const MONITOR_LOST = 'container monitor exited unexpectedly';

/** Records the exit of `rec` (the caller holds its mutex); false when it was not running (already recorded). */
export async function recordExit(d: ContainerDeps, rec: ContainerRecord, code: number, error = ''): Promise<boolean> {
  if (rec.State.Status !== 'running') return false;
  await d.logs.rotator.settle(rec.Id, rec.LogPath);
  await teardown(d, rec.Id);
  rec.State = { ...rec.State, Status: 'exited', Pid: 0, ExitCode: code, Error: error, FinishedAt: new Date().toISOString() };
  d.restarts?.afterExit(rec); // the policy may make it `restarting`, saved as such
  await d.store.save(rec);
  d.events.emit('exit', rec.Id, { StatusCode: code });
  return true;
}

/**
 * Records the exit of a container whose process is gone but whose exit never arrived (its monitor
 * died with it). True when the container is no longer running.
 */
export async function reapIfGone(d: ContainerDeps, rec: ContainerRecord): Promise<boolean> {
  const st = await d.runtime.state(rec.Id).catch(() => undefined);
  if (st && st.status !== 'stopped') return false;
  const code = await d.runtime.exitCode(rec.Id);
  await d.mutex.run(rec.Id, () => recordExit(d, rec, code ?? 255, code === undefined ? MONITOR_LOST : ''));
  return true;
}
