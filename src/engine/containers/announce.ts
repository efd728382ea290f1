/**
 * Container events for the journal, with the attributes Docker gives them: the action's own
 * (`exitCode`, `signal`, …), then the labels (a label wins over an action attribute of the same
 * name, as in dockerd), then `image` (when set) and `name`.
 */
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

export function announce(d: Pick<ContainerDeps, 'journal'>, rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
  d.journal.publish('container', action, {
    ID: rec.Id,
    Attributes: { ...extra, ...(rec.Config.Labels ?? {}), ...(rec.Config.Image ? { image: rec.Config.Image } : {}), name: rec.Name.slice(1) },
  });
}
