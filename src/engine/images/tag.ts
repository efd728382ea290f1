/** `docker tag` (`POST /images/{name}/tag?repo=&tag=`): points a reference at an image. */
import { parseNormalizedNamed, referenceString, isValidTag, InvalidReferenceError } from '../../reference/reference.js';
import type { ImageService } from './service.js';
import { invalidArgument } from '../errors.js';

/** Tags the image `source` as `repo[:tag]` (`latest` by default); returns the full reference. */
export async function tagImage(images: ImageService, source: string, repo: string, tag: string): Promise<string> {
  const rec = images.lookup(source);
  let ref;
  try {
    ref = parseNormalizedNamed(repo);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw invalidArgument(e.message);
    throw e;
  }
  if (ref.digest) throw invalidArgument('refusing to create a tag with a digest reference');
  if (tag) {
    if (!isValidTag(tag)) throw invalidArgument('invalid tag format');
    ref = { ...ref, tag };
  }
  const full = referenceString({ ...ref, tag: ref.tag ?? 'latest' });
  await images.store.tag(full, rec.id);
  return full;
}
