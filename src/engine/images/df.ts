/**
 * The image side of `docker system df` (`GET /system/df`): every image with its size, the part of it
 * shared with other images, and how many containers use it; the total of unique layer bytes.
 */
import type { ImageCatalog } from './catalog.js';
import type { ImageRecord } from '../../image/record.js';
import type { ContainerLister } from './remove.js';

/** An image's part in the disk usage: bytes it shares with other images, containers using it. */
export interface ImageSharing { record: ImageRecord; sharedSize: number; containers: number }

export async function imagesDiskUsage(images: ImageCatalog, containers: ContainerLister): Promise<{ layersSize: number; images: ImageSharing[] }> {
  const records = images.store.list();
  const users = new Map<string, number>();
  for (const c of containers.all()) users.set(c.Image, (users.get(c.Image) ?? 0) + 1);
  const holders = new Map<string, number>();
  for (const r of records) for (const d of new Set(r.layers.map((l) => l.diffId))) holders.set(d, (holders.get(d) ?? 0) + 1);
  const sizes = new Map<string, number>();
  for (const l of await images.layers.list()) sizes.set(l.diffId, l.size);
  const layersSize = [...holders.keys()].reduce((s, d) => s + (sizes.get(d) ?? 0), 0);
  const usage = records.map((record) => ({
    record,
    sharedSize: [...new Set(record.layers.map((l) => l.diffId))].filter((d) => (holders.get(d) ?? 0) > 1).reduce((s, d) => s + (sizes.get(d) ?? 0), 0),
    containers: users.get(record.id) ?? 0,
  }));
  return { layersSize, images: usage };
}
