/**
 * `docker save` (`GET /images/get?names=…`, `GET /images/{name}/get`): which images and tags go into
 * the archive. A name with a tag saves that tag; a bare repository saves all its tags; an ID saves
 * the image without tags. Names are resolved before any byte is written.
 */
import type { Writable } from 'node:stream';
import { parseNormalizedNamed, repositoryName, familiarString } from '../../reference/reference.js';
import { saveArchive, type SaveItem } from '../../image/archive-save.js';
import type { ImageCatalog } from './catalog.js';
import { NotFoundError, noSuchImage } from '../errors.js';
import { isIdPrefix } from './remove.js';

/** Resolves `names` to the images and tags to save. Throws NOT_FOUND before anything is written. */
export function planSave(images: ImageCatalog, names: string[]): SaveItem[] {
  const byId = new Map<string, SaveItem>();
  for (const name of names) {
    for (const { record, full } of resolveName(images, name)) {
      const item = byId.get(record.id) ?? { record, tags: [] };
      byId.set(record.id, item);
      if (full && !item.tags.some((t) => t.full === full)) item.tags.push({ full, familiar: familiarString(parseNormalizedNamed(full)) });
    }
  }
  return [...byId.values()];
}

function resolveName(images: ImageCatalog, name: string): Array<{ record: ReturnType<ImageCatalog['lookup']>; full?: string }> {
  let repo: string | undefined;
  try {
    const ref = parseNormalizedNamed(name);
    if (!ref.tag && !ref.digest) repo = repositoryName(ref);
  } catch { /* an ID prefix or invalid: lookup decides */ }
  if (repo) {
    const tags = images.store.list().flatMap((r) => images.store.tagsOf(r.id).filter((t) => t.startsWith(`${repo}:`)).map((t) => ({ record: r, full: t })));
    if (tags.length > 0) return tags;
  }
  let record;
  try {
    record = images.lookup(name);
  } catch (e) {
    if (e instanceof NotFoundError) throw noSuchImage(name);
    throw e;
  }
  if (isIdPrefix(record.id, name)) return [{ record }];
  const ref = parseNormalizedNamed(name);
  const full = ref.digest ? undefined : images.store.tagsOf(record.id).find((t) => t === `${repositoryName(ref)}:${ref.tag ?? 'latest'}`);
  return [{ record, full }];
}

/** Streams the archive of `items` into `out`. */
export async function saveImages(images: ImageCatalog, items: SaveItem[], out: Writable): Promise<void> {
  await saveArchive(images.content, items, out);
}
