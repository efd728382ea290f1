/**
 * `docker history` (`GET /images/{name}/history`): one row per config history entry, newest first.
 * Rows get image IDs while the parent chain of local images lasts, then `<missing>` (moby's
 * ImageHistory). A row's size is its layer's unpacked size, 0 for an empty layer.
 */
import type { Digest } from '../../oci/digest.js';
import type { ImageCatalog } from './catalog.js';
import type { HistoryItem } from '../engine.js';
import type { ImageRecord } from '../../image/record.js';

export async function imageHistory(images: ImageCatalog, ref: string): Promise<HistoryItem[]> {
  const rec = images.lookup(ref);
  const config = await images.config(rec);
  const diffIds = config.rootfs.diff_ids;
  const rows: HistoryItem[] = [];
  let layer = 0;
  for (const h of config.history ?? []) {
    let size = 0;
    if (!h.empty_layer) {
      const id = diffIds[layer++];
      size = id ? (await images.layers.get(id))?.size ?? 0 : 0;
    }
    rows.unshift({
      Id: '<missing>', Created: Math.floor(Date.parse(h.created ?? '') / 1000) || 0, CreatedBy: h.created_by ?? '',
      Tags: null, Size: size, Comment: h.comment ?? '',
    });
  }
  let id: Digest | undefined = rec.id;
  for (const row of rows) {
    const img: ImageRecord | undefined = id ? images.store.get(id) : undefined;
    if (!img) break;
    row.Id = img.id;
    const tags = images.repoTags(img);
    row.Tags = tags.length > 0 ? tags : null;
    id = img.parent;
  }
  return rows;
}
