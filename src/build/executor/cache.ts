/**
 * The layer cache: which step image a step made, keyed by what decides its result. The key is the
 * parent image's ID and the step's probe config (Docker's container_config: the instruction with
 * its expanded words, the content checksums of COPY/ADD sources, the build args a RUN sees, and
 * the whole run config). Docker's legacy builder compares the same config against every child of
 * the parent; a hash of it is one lookup.
 *
 * Entries are files `<dir>/<sha256 of key>` holding the image ID, written atomically, so they
 * survive restarts and a kill leaves a whole entry or none. They are read once into memory; an entry
 * whose image is gone is a miss (and is dropped).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX, writeFileAtomic } from '../../util/atomic-file.js';
import { parseDigest, type Digest } from '../../oci/digest.js';

/** What decides a step's result. */
export interface CacheKey { parent: Digest | undefined; probe: unknown }

interface Entry { image: Digest; created: number }

export class BuildCache {
  #entries?: Promise<Map<string, Entry>>;

  constructor(readonly dir: string) {}

  /** The hash of a key (its file name). */
  static hash(k: CacheKey): string {
    return createHash('sha256').update(`${k.parent ?? 'scratch'}\n${JSON.stringify(k.probe)}`).digest('hex');
  }

  #load(): Promise<Map<string, Entry>> {
    return (this.#entries ??= this.#read().catch((e: unknown) => {
      this.#entries = undefined;
      throw e;
    }));
  }

  async #read(): Promise<Map<string, Entry>> {
    await mkdir(this.dir, { recursive: true });
    const m = new Map<string, Entry>();
    for (const name of await readdir(this.dir)) {
      if (name.startsWith(TEMP_PREFIX)) {
        await rm(join(this.dir, name), { force: true });
        continue;
      }
      const entry = await readEntry(join(this.dir, name));
      if (entry) m.set(name, entry);
    }
    return m;
  }

  /** The image a step with this key made, when known. */
  async get(k: CacheKey): Promise<Digest | undefined> {
    return (await this.#load()).get(BuildCache.hash(k))?.image;
  }

  async put(k: CacheKey, image: Digest): Promise<void> {
    const entries = await this.#load();
    const name = BuildCache.hash(k);
    if (entries.get(name)?.image === image) return;
    await writeFileAtomic(join(this.dir, name), image);
    entries.set(name, { image, created: Date.now() });
  }

  /** Forgets one entry (its image is gone). */
  async drop(k: CacheKey): Promise<void> {
    const name = BuildCache.hash(k);
    (await this.#load()).delete(name);
    await rm(join(this.dir, name), { force: true });
  }

  /** Removes the entries `keep` does not keep; returns them (key hash and image). */
  async prune(keep: (e: { image: Digest; created: number }) => boolean): Promise<Array<{ key: string; image: Digest }>> {
    const entries = await this.#load();
    const gone: Array<{ key: string; image: Digest }> = [];
    for (const [name, e] of [...entries]) {
      if (keep(e)) continue;
      await rm(join(this.dir, name), { force: true });
      entries.delete(name);
      gone.push({ key: name, image: e.image });
    }
    return gone;
  }

  /** Every image an entry names (they are the cache: pruning the images goes with the entries). */
  async images(): Promise<Set<Digest>> {
    return new Set([...(await this.#load()).values()].map((e) => e.image));
  }
}

async function readEntry(path: string): Promise<Entry | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { image: parseDigest(text.trim()), created: st.mtimeMs };
  } catch {
    await rm(path, { force: true }); // torn or foreign: not an entry
    return undefined;
  }
}
