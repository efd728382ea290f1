/**
 * Image events for the journal, as dockerd's LogImageEvent makes them: the actor is the image ID,
 * the attributes are the image's labels while the image still exists (not for `delete`), then
 * `name` (the reference for `tag`, the ID for most others; left out when empty).
 */
import type { Digest } from '../../oci/digest.js';
import type { EventJournal } from '../events/journal.js';
import type { ImageCatalog } from './catalog.js';

export class ImageAnnouncer {
  constructor(readonly catalog: ImageCatalog, readonly journal: EventJournal) {}

  async announce(action: string, id: Digest | '', name: string, attributes: Record<string, string> = {}): Promise<void> {
    const labels = action === 'delete' ? {} : await this.#labels(id); // a deleted image has no config to read
    this.journal.publish('image', action, { ID: id, Attributes: { ...attributes, ...labels, ...(name ? { name } : {}) } });
  }

  async #labels(id: Digest | ''): Promise<Record<string, string>> {
    const rec = id ? this.catalog.store.get(id) : undefined;
    if (!rec) return {};
    const config = await this.catalog.config(rec).catch(() => undefined);
    return config?.config?.Labels ?? {};
  }
}
