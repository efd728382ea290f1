/**
 * Volume metadata on disk: `<root>/<name>/volume.json` beside `<root>/<name>/_data`, and an
 * in-memory index loaded at init. A volume appears in one rename: create builds the whole directory
 * (data dir and fsynced record) under a `.tmp-*` name, then renames it to `<name>`; remove renames it
 * to a `.tmp-*` name first, then deletes it. So a kill -9 at any point leaves the volume whole or
 * absent, and `init` sweeps the `.tmp-*` leftovers. Directories without a readable record are not
 * Wharf's volumes: they are skipped and never deleted (they may hold someone's data), and a create
 * of their name fails (VolumePathTakenError) rather than taking them over.
 *
 * Not safe for concurrent calls on one name: the caller (the engine's volume service) serialises them.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX, fsyncDir, readJsonIfExists, tempPathFor, writeJsonAtomic } from '../util/atomic-file.js';
import { VolumePathTakenError } from './errors.js';

/** What the store keeps of a volume (the API's Volume without the paths and usage). */
export interface VolumeRecord {
  Name: string;
  Driver: string;
  /** RFC 3339 in seconds, UTC. */
  CreatedAt: string;
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
}

const RECORD = 'volume.json';
export const DATA_DIR = '_data';

/** Is called on a leftover directory before it is deleted (the driver unmounts what may be mounted there). */
export type BeforeSweep = (dataDir: string) => Promise<void>;

export class VolumeStore {
  readonly #byName = new Map<string, VolumeRecord>();

  constructor(readonly root: string) {}

  /** Loads the records, after removing what interrupted creates and removes left. */
  async init(beforeSweep: BeforeSweep = async () => {}): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o701 });
    for (const name of await readdir(this.root)) {
      const dir = join(this.root, name);
      if (name.startsWith(TEMP_PREFIX)) {
        await beforeSweep(join(dir, DATA_DIR));
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      const rec = await readJsonIfExists<VolumeRecord>(join(dir, RECORD)).catch(() => undefined);
      if (rec?.Name === name) this.#byName.set(name, rec);
    }
  }

  /** The data directory of a volume. */
  dataPath(name: string): string {
    return join(this.root, name, DATA_DIR);
  }

  get(name: string): VolumeRecord | undefined {
    return this.#byName.get(name);
  }

  list(): VolumeRecord[] {
    return [...this.#byName.values()];
  }

  /** Creates the volume's directory, record and empty data dir, all or nothing. The name must be new. */
  async create(rec: VolumeRecord): Promise<void> {
    const target = join(this.root, rec.Name);
    const tmp = tempPathFor(target);
    try {
      await mkdir(join(tmp, DATA_DIR), { recursive: true, mode: 0o755 });
      await writeJsonAtomic(join(tmp, RECORD), rec);
      await fsyncDir(tmp);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') throw new VolumePathTakenError(rec.Name, target);
      throw e;
    }
    await fsyncDir(this.root);
    this.#byName.set(rec.Name, rec);
  }

  /**
   * Removes the volume's directory. The caller makes sure nothing is mounted on its data dir: the
   * delete would go through the mount otherwise.
   */
  async remove(name: string): Promise<void> {
    const dir = join(this.root, name);
    const tmp = tempPathFor(dir);
    await rename(dir, tmp);
    this.#byName.delete(name);
    await fsyncDir(this.root);
    await rm(tmp, { recursive: true, force: true });
  }
}
