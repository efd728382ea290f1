/** `docker tag` (`POST /images/{name}/tag?repo=&tag=`): points a reference at an image. */
import { parseNormalizedNamed, referenceString, familiarString, isValidTag, InvalidReferenceError } from '../../reference/reference.js';
import { InvalidArgumentError } from '../errors.js';
import type { ImageAnnouncer } from './announce.js';

/** A tag made: the full reference, and the familiar name as given (no `latest` added), as events show it. */
export interface Tagged { ref: string; name: string }

/** Tags the image `source` as `repo[:tag]` (`latest` by default) and announces it. */
export async function tagImage(announcer: ImageAnnouncer, source: string, repo: string, tag: string): Promise<Tagged> {
  const images = announcer.catalog;
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
  const name = familiarString(ref);
  await announcer.announce('tag', rec.id, name);
  return { ref: full, name };
}
