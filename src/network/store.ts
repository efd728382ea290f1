/**
 * Network records on disk: `<root>/<id>.json`, one file per network, each written atomically (temp
 * file, fsync, rename). A network exists once its file is renamed into place, so a kill -9 mid-create
 * leaves only a `.tmp-*` file, which `init` sweeps; a record that does not parse is skipped (and
 * kept, for a person to look at). An in-memory index serves reads.
 *
 * Not safe for concurrent calls on one network: the engine's network service serialises them.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX, fsyncDir, readJsonIfExists, removeOrphanTemps, writeJsonAtomic } from '../util/atomic-file.js';
import type { Network } from './network.js';

export class NetworkStore {
  readonly #byId = new Map<string, Network>();

  constructor(readonly root: string) {}

  /** Sweeps what interrupted writes left, then loads every record. */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await removeOrphanTemps(this.root);
    for (const name of await readdir(this.root)) {
      if (name.startsWith(TEMP_PREFIX) || !name.endsWith('.json')) continue;
      const rec = await readJsonIfExists<Network>(join(this.root, name)).catch(() => undefined);
      if (rec && `${rec.Id}.json` === name) this.#byId.set(rec.Id, rec);
    }
  }

  get(id: string): Network | undefined {
    return this.#byId.get(id);
  }

  list(): Network[] {
    return [...this.#byId.values()];
  }

  /** Writes the record (new or replaced) in one rename. */
  async put(rec: Network): Promise<void> {
    await writeJsonAtomic(join(this.root, `${rec.Id}.json`), rec);
    this.#byId.set(rec.Id, rec);
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.root, `${id}.json`), { force: true });
    await fsyncDir(this.root);
    this.#byId.delete(id);
  }
}
