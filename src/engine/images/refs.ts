/**
 * The references that point at an image, as Docker's reference store sees them: tags
 * (`docker.io/library/busybox:latest`) and canonical digest references (`…/busybox@sha256:…`).
 */
import type { Digest } from '../../oci/digest.js';
import { parseNormalizedNamed, repositoryName, familiarString, type Reference } from '../../reference/reference.js';
import type { ImageRecord } from '../../image/record.js';
import type { ImageStore } from '../../image/store.js';

export interface ImageRef {
  /** Fully qualified string as stored. */
  full: string;
  ref: Reference;
  /** `name@digest` rather than `name:tag`. */
  canonical: boolean;
  /** Repository name (`docker.io/library/busybox`). */
  name: string;
}

function toRef(full: string): ImageRef {
  const ref = parseNormalizedNamed(full);
  return { full, ref, canonical: Boolean(ref.digest), name: repositoryName(ref) };
}

/** Tags first, then digest references. */
export function refsOf(store: ImageStore, rec: ImageRecord): ImageRef[] {
  return [...store.tagsOf(rec.id), ...rec.repoDigests].map(toRef);
}

export function familiar(r: ImageRef): string {
  return familiarString(r.ref);
}

/** At most one tag, and every reference in one repository (moby's isSingleReference). */
export function isSingleReference(refs: ImageRef[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  const tags = refs.filter((r) => !r.canonical);
  if (tags.length > 1) return false;
  const canonicalNames = new Set(refs.filter((r) => r.canonical).map((r) => r.name));
  const single = tags[0] ?? refs[0]!;
  return canonicalNames.size === 1 && canonicalNames.has(single.name);
}

/** Removes one reference (tag from the tag table, digest from the record). */
export async function removeRef(store: ImageStore, rec: ImageRecord, r: ImageRef): Promise<void> {
  if (!r.canonical) {
    await store.untag(r.full);
    return;
  }
  const current = store.get(rec.id);
  if (!current) return;
  await store.put({ ...current, repoDigests: current.repoDigests.filter((d) => d !== r.full) });
}

/** Whether `id` has children (images whose parent it is). */
export function hasChildren(store: ImageStore, id: Digest): boolean {
  return store.list().some((r) => r.parent === id);
}
