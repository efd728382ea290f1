/** `docker tag` (`POST /images/{name}/tag?repo=&tag=`): points a reference at an image. */
import { parseNormalizedNamed, referenceString, isValidTag, InvalidReferenceError } from '../../reference/reference.js';
import type { ImageCatalog } from './catalog.js';
import { InvalidArgumentError } from '../errors.js';

/** Tags the image `source` as `repo[:tag]` (`latest` by default); returns the full reference. */
export async function tagImage(images: ImageCatalog, source: string, repo: string, tag: string): Promise<string> {
  const rec = images.lookup(source);
  let ref;
  try {
    ref = parseNormalizedNamed(repo);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new InvalidArgumentError(e.message);
    throw e;
  }
  if (ref.digest) throw new InvalidArgumentError('refusing to create a tag with a digest reference');
  if (tag) {
    if (!isValidTag(tag)) throw new InvalidArgumentError('invalid tag format');
    ref = { ...ref, tag };
  }
  const full = referenceString({ ...ref, tag: ref.tag ?? 'latest' });
  await images.store.tag(full, rec.id);
  return full;
}
