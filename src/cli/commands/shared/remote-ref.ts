/**
 * The reference `pull` and `push` work on, checked as docker CLI 28 checks it: docker's messages for
 * a bad name, `-a` only with a bare name, a bare name defaulted to `latest` otherwise.
 */
import { parseNormalizedNamed, type Reference } from '../../../reference/reference.js';
import { StatusError } from '../../errors.js';
import { checkImageReference } from './reference.js';

/** A parsed reference; `defaulted` when the `latest` tag was added. */
export interface RemoteRef extends Reference {
  defaulted: boolean;
}

/** Parses `text` for pull/push; throws StatusError(1) with docker's wording. */
export function resolveRemote(text: string, allTags: boolean): RemoteRef {
  let ref: Reference;
  try {
    checkImageReference(text);
    ref = parseNormalizedNamed(text);
  } catch (e) {
    throw new StatusError(1, (e as Error).message);
  }
  const nameOnly = ref.tag === undefined && ref.digest === undefined;
  if (allTags && !nameOnly) throw new StatusError(1, "tag can't be used with --all-tags/-a");
  if (!allTags && nameOnly) return { ...ref, tag: 'latest', defaulted: true };
  return { ...ref, defaulted: false };
}

/** A sink for the progress `-q` hides. */
export function discard(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}
