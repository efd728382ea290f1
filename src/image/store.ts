/**
 * Local images: records by ID and the tag table.
 *   <root>/records/<idHex>.json   ImageRecord
 *   <root>/tags.json              { "docker.io/library/busybox:latest": "sha256:…" }
 * Every change is an atomic file write; a mutex orders writers of the tag table. Readers get
 * the in-memory copy, loaded once at init.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Digest, digestHex } from '../oci/digest.js';
import { readJsonIfExists, writeJsonAtomic, removeOrphanTemps } from '../util/atomic-file.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import type { ImageRecord } from './record.js';

export class ImageStore {
  readonly #root: string;
  readonly #records = new Map<Digest, ImageRecord>();
  #tags = new Map<string, Digest>();
  readonly #mutex = new KeyedMutex();

  constructor(root: string) {
    this.#root = root;
  }

  async init(): Promise<void> {
    const dir = join(this.#root, 'records');
    await mkdir(dir, { recursive: true });
    await removeOrphanTemps(dir);
    await removeOrphanTemps(this.#root);
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      const rec = await readJsonIfExists<ImageRecord>(join(dir, name));
      if (rec) this.#records.set(rec.id, rec);
    }
    const tags = (await readJsonIfExists<Record<string, Digest>>(join(this.#root, 'tags.json'))) ?? {};
    this.#tags = new Map(Object.entries(tags).filter(([, id]) => this.#records.has(id)));
  }

  list(): ImageRecord[] {
    return [...this.#records.values()];
  }

  get(id: Digest): ImageRecord | undefined {
    return this.#records.get(id);
  }

  /** Finds an image by full ID, `sha256:` prefix or bare hex prefix (at least 1 char, unique). */
  findByIdPrefix(prefix: string): ImageRecord[] {
    const p = prefix.startsWith('sha256:') ? prefix.slice(7) : prefix;
    if (!/^[a-f0-9]{1,64}$/.test(p)) return [];
    return this.list().filter((r) => digestHex(r.id).startsWith(p));
  }

  async put(rec: ImageRecord): Promise<void> {
    await writeJsonAtomic(join(this.#root, 'records', `${digestHex(rec.id)}.json`), rec);
    this.#records.set(rec.id, rec);
  }

  async delete(id: Digest): Promise<void> {
    await this.#mutex.run('tags', async () => {
      const before = this.#tags.size;
      for (const [tag, tid] of this.#tags) if (tid === id) this.#tags.delete(tag);
      if (this.#tags.size !== before) await this.#saveTags();
    });
    await rm(join(this.#root, 'records', `${digestHex(id)}.json`), { force: true });
    this.#records.delete(id);
  }

  /** The ID a fully qualified reference string points to. */
  resolveTag(ref: string): Digest | undefined {
    return this.#tags.get(ref);
  }

  /** Fully qualified references pointing at `id`, in insertion order. */
  tagsOf(id: Digest): string[] {
    return [...this.#tags].filter(([, t]) => t === id).map(([tag]) => tag);
  }

  /** Points `ref` at `id`; returns the ID it pointed to before, if any. */
  async tag(ref: string, id: Digest): Promise<Digest | undefined> {
    return this.#mutex.run('tags', async () => {
      const prev = this.#tags.get(ref);
      this.#tags.set(ref, id);
      await this.#saveTags();
      return prev;
    });
  }

  async untag(ref: string): Promise<boolean> {
    return this.#mutex.run('tags', async () => {
      if (!this.#tags.delete(ref)) return false;
      await this.#saveTags();
      return true;
    });
  }

  async #saveTags(): Promise<void> {
    await writeJsonAtomic(join(this.#root, 'tags.json'), Object.fromEntries(this.#tags));
  }
}
