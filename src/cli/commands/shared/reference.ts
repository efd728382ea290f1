/**
 * Client-side image reference checks with docker CLI 28's messages, so a bad name fails before any
 * API call: `invalid reference format: repository name (library/UPPER) must be lowercase`.
 */
import { parseNormalizedNamed } from '../../../reference/reference.js';

function repositoryPath(ref: string): string {
  let name = ref.split('@')[0] ?? '';
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  const slash = name.indexOf('/');
  if (slash < 0) return `library/${name}`;
  const first = name.slice(0, slash);
  const isDomain = first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
  return isDomain ? name.slice(slash + 1) : name;
}

/** Throws an Error with docker's wording when `ref` is not a valid image reference. */
export function checkImageReference(ref: string): void {
  try {
    parseNormalizedNamed(ref);
  } catch (e) {
    const msg = (e as Error).message;
    if (/must be lowercase/.test(msg)) {
      throw new Error(`invalid reference format: repository name (${repositoryPath(ref)}) must be lowercase`);
    }
    throw e;
  }
}
