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
  /** Deleted images that containers still use: reachable by full ID only, kept for their layers. */
  readonly #retained = new Map<Digest, ImageRecord>();
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
    const kept = join(this.#root, 'retained');
    await mkdir(kept, { recursive: true });
    await removeOrphanTemps(kept);
    for (const name of await readdir(kept)) {
      const rec = name.endsWith('.json') ? await readJsonIfExists<ImageRecord>(join(kept, name)) : undefined;
      if (rec) this.#retained.set(rec.id, rec);
    }
    const tags = (await readJsonIfExists<Record<string, Digest>>(join(this.#root, 'tags.json'))) ?? {};
    this.#tags = new Map(Object.entries(tags).filter(([, id]) => this.#records.has(id)));
  }

  list(): ImageRecord[] {
    return [...this.#records.values()];
  }

  /** An image by full ID; also finds a deleted image a container still uses. */
  get(id: Digest): ImageRecord | undefined {
    return this.#records.get(id) ?? this.#retained.get(id);
  }

  /** Deleted images kept for the containers that use them. */
  retained(): ImageRecord[] {
    return [...this.#retained.values()];
  }

  /** Forgets a retained image (no container uses it any more). */
  async release(id: Digest): Promise<void> {
    await rm(join(this.#root, 'retained', `${digestHex(id)}.json`), { force: true });
    this.#retained.delete(id);
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

  /** Deletes an image; with `retain`, keeps it out of sight for the containers that use it. */
  async delete(id: Digest, o: { retain?: boolean } = {}): Promise<void> {
    const rec = this.#records.get(id);
    if (o.retain && rec) {
      await writeJsonAtomic(join(this.#root, 'retained', `${digestHex(id)}.json`), { ...rec, parent: undefined });
      this.#retained.set(id, { ...rec, parent: undefined });
    }
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
