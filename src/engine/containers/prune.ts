/**
 * `POST /containers/prune` (moby daemon/prune.go ContainersPrune): removes every container that is
 * not running (created and exited ones; paused and restarting ones run), filtered by `until`
 * (created before) and `label` / `label!`. Space reclaimed is the size of their writable layers.
 * A container that cannot be removed is skipped, as Docker skips it. One `prune` event follows,
 * with the bytes reclaimed.
 */
import type { ContainerPruneReport, Filters } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { matchLabelFilters, parseUntil } from '../filters.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

const KEYS = new Set(['until', 'label', 'label!']);

/** Removes a container as `DELETE /containers/{id}` does (no force). */
export type Remover = (id: string) => Promise<void>;

export async function pruneContainers(d: ContainerDeps, filters: Filters, remove: Remover): Promise<ContainerPruneReport> {
  const match = matcher(filters);
  const report: ContainerPruneReport = { ContainersDeleted: [], SpaceReclaimed: 0 };
  for (const rec of d.store.list()) {
    if (!['created', 'exited', 'dead'].includes(rec.State.Status) || !match(rec)) continue;
    const size = (await d.snapshots.usage(rec.Id).catch(() => ({ size: 0 }))).size;
    try {
      await remove(rec.Id);
    } catch {
      continue;
    }
    report.ContainersDeleted.push(rec.Id);
    report.SpaceReclaimed += size;
  }
  d.journal.publish('container', 'prune', { ID: '', Attributes: { reclaimed: String(report.SpaceReclaimed) } });
  return report;
}

function matcher(filters: Filters): (rec: ContainerRecord) => boolean {
  for (const k of filters.keys()) if (!KEYS.has(k)) throw new InvalidArgumentError(`Invalid filter '${k}'`);
  const untils = filters.get('until') ?? [];
  if (untils.length > 1) throw new InvalidArgumentError('more than one until filter specified');
  const until = untils[0] === undefined ? undefined : parseUntil(untils[0]);
  return (rec) => (until === undefined || Date.parse(rec.Created) / 1000 < until) && matchLabelFilters(rec.Config.Labels, filters);
}
