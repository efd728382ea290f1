/**
 * `POST /containers/{id}/update` (moby daemon/update.go): the request is checked as Docker checks
 * it (restart policy, then resources: an update checks only what it asks for), merged into the
 * HostConfig, applied at once to a running or paused container through the runtime (runc update
 * writes the cgroups), and saved, so the next start uses it too. A stopped container only saves it.
 * A runtime that refuses leaves the record as it was.
 */
import type { ContainerUpdate, UpdateReport } from '../engine.js';
import type { RuntimeResources } from '../../runtime/runtime.js';
import { resourcesFor } from '../../runtime/spec/resources.js';
import { InternalError, InvalidArgumentError } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import { hasProcess, type ContainerRecord, type HostConfig } from './record.js';
import { announce } from './announce.js';
import { checkRealtime, validateResources } from './validate-resources.js';
import { validateRestartPolicy } from './restart/policy.js';
import { cannotUpdate, mergeUpdate } from './resource-update.js';

export async function updateContainer(d: ContainerDeps, idOrName: string, request: ContainerUpdate): Promise<UpdateReport> {
  const rec = d.store.get(idOrName);
  const u = normalize(request);
  if (u.RestartPolicy?.Name) validateRestartPolicy({ RestartPolicy: u.RestartPolicy });
  const { warnings, dropped } = validateResources(u, { update: true });
  for (const k of dropped) delete u[k];
  await d.mutex.run(rec.Id, () => apply(d, rec, u));
  return { Warnings: warnings };
}

/** Docker's API reads every PIDs limit ≤ 0 as "unlimited", stored as 0. */
function normalize(u: ContainerUpdate): ContainerUpdate {
  const out = { ...u };
  if (typeof out.PidsLimit === 'number' && out.PidsLimit < 0) out.PidsLimit = 0;
  return out;
}

async function apply(d: ContainerDeps, rec: ContainerRecord, u: ContainerUpdate): Promise<void> {
  if (!d.store.find(rec.Id) || rec.State.Status === 'removing' || rec.State.Status === 'dead') {
    throw new InternalError(cannotUpdate(rec.Id, 'container is marked for removal and cannot be "update"'));
  }
  const next = mergeUpdate(rec.Id, rec.HostConfig, u);
  // Checked on the result (Docker 20.10 stores a runtime above the period, and applies neither to a running container).
  if (u.CpuRealtimePeriod || u.CpuRealtimeRuntime) checkRealtime(next);
  if (!(next.Memory && next.Memory > 0) && (next.MemorySwap ?? 0) > 0) {
    // A swap limit needs a memory limit; Docker lets an update store one the runtime cannot apply.
    throw new InvalidArgumentError('You should always set the Memory limit when using Memoryswap limit, see usage');
  }
  if (hasProcess(rec.State)) {
    await d.runtime.update(rec.Id, runtimeResources(next, u)).catch((e: Error) => {
      throw new InternalError(cannotUpdate(rec.Id, e.message), { cause: e });
    });
  }
  rec.HostConfig = next;
  await d.store.save(rec);
  announce(d, rec, 'update');
}

/**
 * The cgroup settings the container should now have (all of them: runc leaves the ones it is not
 * given as they are, so a lifted PIDs limit is sent as -1, "max").
 */
function runtimeResources(h: HostConfig, u: ContainerUpdate): RuntimeResources {
  const { devices: _devices, ...resources } = resourcesFor(h);
  if (u.PidsLimit === 0) resources.pids = { limit: -1 };
  return resources;
}
