/**
 * After a daemon restart: exits that happened while it was down (the runtime reports them to
 * `onExit` before `watchExits` resolves), containers whose monitor is gone, runtime leftovers of a
 * start the daemon did not finish (killed between create and start), paused containers kept paused
 * (the record follows the runtime), and log rotation and health monitors for the containers that still run.
 * The volume mounts of containers that had a process are taken up first, so their teardown releases them.
 * Last, network attachments of runs that are over (or never began) are undone.
 */
import type { ExitListener } from '../../runtime/runtime.js';
import type { ContainerDeps } from './deps.js';
import { MONITOR_LOST, recordExit } from './exit.js';
import { teardown } from './teardown.js';
import { hasProcess } from './record.js';
import { syncPaused } from './pause.js';
import { retakeVolumes } from './mounts.js';

export async function reconcile(d: ContainerDeps, onExit: ExitListener): Promise<void> {
  for (const rec of d.store.list()) if (hasProcess(rec.State)) await retakeVolumes(d, rec);
  await d.runtime.watchExits(onExit);
  const known = new Map((await d.runtime.list().catch(() => [])).map((s) => [s.id, s]));
  for (const rec of d.store.list()) {
    const st = known.get(rec.Id);
    if (!hasProcess(rec.State)) {
      if (st) await d.mutex.run(rec.Id, () => teardown(d, rec.Id));
      continue;
    }
    if ((await d.runtime.exitCode(rec.Id)) !== undefined) continue; // reported to onExit
    if (!st || st.status === 'stopped') {
      await d.mutex.run(rec.Id, () => recordExit(d, rec, 255, MONITOR_LOST));
      continue;
    }
    await d.mutex.run(rec.Id, () => syncPaused(d, rec, st));
    d.health.init(rec); // Docker's restore: probing resumes, the status back to starting, the log kept
    try {
      d.logs.rotator.watch(rec.Id, rec.LogPath, d.logs.policy.limits(rec.HostConfig.LogConfig ?? d.logs.policy.resolve()));
    } catch { /* a log config this daemon cannot use: the log is not rotated */ }
  }
  await d.networks?.recover();
}
