/** Container events for the journal, with the attributes Docker gives them: the labels, `image` and `name`. */
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';

export function announce(d: Pick<ContainerDeps, 'journal'>, rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
  d.journal.publish('container', action, {
    ID: rec.Id,
    Attributes: { ...(rec.Config.Labels ?? {}), image: rec.Config.Image, name: rec.Name.slice(1), ...extra },
  });
}
