/**
 * Per-repository metadata: which blobs a repository may serve (layer links), its manifests
 * (revision records), tags and referrers. Bytes live in the shared `BlobStore`; this holds only links.
 *
 * Every write is temp+fsync+rename (`writeFileAtomic`), so a crash leaves the old or the new link.
 * Readers tolerate a link whose target vanished (GC or delete racing them) by answering "unknown".
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Digest } from '../../../oci/digest.js';
import { isDigest } from '../../../oci/digest.js';
import type { Descriptor } from '../../../oci/descriptor.js';
import { isValidTag } from '../../../reference/reference.js';
import { writeFileAtomic } from '../../../util/atomic-file.js';
import { Layout, digestFromHex } from './layout.js';
import { listDir, readTextIfExists, removeIfExists, statIfExists } from './fs-util.js';

/** What the registry remembers about one manifest in one repository. */
export interface ManifestRecord {
  mediaType: string;
  size: number;
  /** The `subject` digest, when the manifest refers to another one (referrers API). */
  subject?: Digest;
}

/** Repository links. Stateless apart from the layout; safe across processes. */
export class RepoStore {
  readonly #layout: Layout;
  constructor(layout: Layout) {
    this.#layout = layout;
  }

  // === layer links
  async hasLayer(name: string, d: Digest): Promise<boolean> {
    return (await statIfExists(this.#layout.layerLink(name, d))) !== undefined;
  }
  async linkLayer(name: string, d: Digest): Promise<void> {
    if (await this.hasLayer(name, d)) return;
    await writeFileAtomic(this.#layout.layerLink(name, d), '');
  }
  /** Returns false when the repository had no such link. */
  async unlinkLayer(name: string, d: Digest): Promise<boolean> {
    return removeIfExists(this.#layout.layerLink(name, d));
  }
  /** mtime of a layer link in ms (GC's grace period), undefined when absent. */
  async layerMtime(name: string, d: Digest): Promise<number | undefined> {
    return (await statIfExists(this.#layout.layerLink(name, d)))?.mtimeMs;
  }
  async listLayers(name: string): Promise<Digest[]> {
    return hexNames(await listDir(this.#layout.layersDir(name)));
  }

  // === manifests
  async getManifest(name: string, d: Digest): Promise<ManifestRecord | undefined> {
    const text = await readTextIfExists(this.#layout.revisionPath(name, d));
    return text === undefined ? undefined : (JSON.parse(text) as ManifestRecord);
  }
  async putManifest(name: string, d: Digest, rec: ManifestRecord): Promise<void> {
    await writeFileAtomic(this.#layout.revisionPath(name, d), JSON.stringify(rec));
  }
  /** Removes the record, its tags and its referrer link; false when it did not exist. */
  async deleteManifest(name: string, d: Digest): Promise<boolean> {
    const rec = await this.getManifest(name, d);
    if (!rec) return false;
    for (const tag of await this.listTags(name)) {
      if ((await this.getTag(name, tag)) === d) await this.deleteTag(name, tag);
    }
    if (rec.subject) await removeIfExists(this.#layout.referrerPath(name, rec.subject, d));
    return removeIfExists(this.#layout.revisionPath(name, d));
  }
  async listManifests(name: string): Promise<Digest[]> {
    return hexNames(await listDir(this.#layout.revisionsDir(name)));
  }
  /** mtime of the manifest record in ms (GC's grace period), undefined when absent. */
  async manifestMtime(name: string, d: Digest): Promise<number | undefined> {
    return (await statIfExists(this.#layout.revisionPath(name, d)))?.mtimeMs;
  }

  // === tags
  async getTag(name: string, tag: string): Promise<Digest | undefined> {
    const text = (await readTextIfExists(this.#layout.tagPath(name, tag)))?.trim();
    return text && isDigest(text) ? text : undefined;
  }
  async setTag(name: string, tag: string, d: Digest): Promise<void> {
    await writeFileAtomic(this.#layout.tagPath(name, tag), d);
  }
  async deleteTag(name: string, tag: string): Promise<boolean> {
    return removeIfExists(this.#layout.tagPath(name, tag));
  }
  /** Tags in ASCII order (Go's sort.Strings). */
  async listTags(name: string): Promise<string[]> {
    return (await listDir(this.#layout.tagsDir(name))).filter(isValidTag).sort(asciiCompare);
  }

  // === referrers
  async addReferrer(name: string, subject: Digest, desc: Descriptor): Promise<void> {
    await writeFileAtomic(this.#layout.referrerPath(name, subject, desc.digest), JSON.stringify(desc));
  }
  /** Referrer descriptors of `subject`, ordered by digest for stable pagination. */
  async listReferrers(name: string, subject: Digest): Promise<Descriptor[]> {
    const dir = this.#layout.referrersDir(name, subject);
    const out: Descriptor[] = [];
    for (const d of hexNames(await listDir(dir))) {
      const text = await readTextIfExists(join(dir, d.slice(7)));
      if (text !== undefined) out.push(JSON.parse(text) as Descriptor);
    }
    return out;
  }

  // === repositories
  async exists(name: string): Promise<boolean> {
    const dir = this.#layout.repoDir(name);
    return (await statIfExists(join(dir, '_manifests'))) !== undefined
      || (await statIfExists(join(dir, '_layers'))) !== undefined;
  }
  /** Every repository name, in ASCII order. */
  async listRepositories(): Promise<string[]> {
    const out: string[] = [];
    await this.#walk(this.#layout.reposDir, '', out);
    return out.sort(asciiCompare);
  }
  async #walk(dir: string, prefix: string, out: string[]): Promise<void> {
    const entries = await listDir(dir);
    if (prefix && (entries.includes('_manifests') || entries.includes('_layers'))) out.push(prefix);
    for (const e of entries) {
      if (e.startsWith('_') || e.startsWith('.')) continue;
      await this.#walk(join(dir, e), prefix ? `${prefix}/${e}` : e, out);
    }
  }
  /** Removes a repository's whole link tree (used by nothing on the wire; tests and tooling). */
  async removeRepository(name: string): Promise<void> {
    await rm(this.#layout.repoDir(name), { recursive: true, force: true });
  }
}

function hexNames(names: string[]): Digest[] {
  return names.map(digestFromHex).filter((d): d is Digest => d !== undefined).sort();
}

/** Byte-wise string order, as Go's sort.Strings. */
export function asciiCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
