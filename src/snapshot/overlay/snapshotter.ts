/**
 * The overlayfs snapshotter: `<root>/<key>/` holds `snapshot.json` (kind and layers), and for an
 * active snapshot its `upper` and `work` dirs; `empty` stands in as a lower dir where overlayfs
 * needs one more. Layers come from the LayerStore, mounted through their short links so that the
 * mount options of deep images stay under a page.
 *
 * A snapshot is made in a temp dir and renamed into place (never seen half-made); `init` sweeps temp
 * dirs a crash left.
 * Concurrent calls for one key are serialised.
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Digest } from '../../oci/digest.js';
import type { FsMount } from '../../oci/mount.js';
import { MediaType } from '../../oci/media-types.js';
import { readJsonIfExists, TEMP_PREFIX } from '../../util/atomic-file.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { diffTar, EMPTY_LAYER_DIFF_ID } from '../../archive/diff.js';
import type { ContentStore } from '../../content/store.js';
import type { LayerStore } from '../layer-store.js';
import { MissingLayerError, SnapshotNotFoundError, type Change, type CommitOptions, type CommittedLayer, type Snapshotter, type Usage } from '../snapshotter.js';
import { upperChanges } from './changes.js';
import { treeSize } from './usage.js';

interface SnapshotRecord { kind: 'active' | 'view'; layers: Digest[] }

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class OverlaySnapshotter implements Snapshotter {
  readonly #records = new Map<string, SnapshotRecord>();
  readonly #mutex = new KeyedMutex();

  constructor(readonly root: string, readonly layers: LayerStore, readonly content: ContentStore) {}

  /** Creates the root and sweeps what a crash left half-made. */
  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const names = await readdir(this.root);
    await Promise.all(names.filter((n) => n.startsWith(TEMP_PREFIX)).map((n) => rm(join(this.root, n), { recursive: true, force: true })));
  }

  prepare(key: string, layers: readonly Digest[]): Promise<FsMount[]> {
    return this.#create(key, { kind: 'active', layers: [...layers] });
  }

  view(key: string, layers: readonly Digest[]): Promise<FsMount[]> {
    return this.#create(key, { kind: 'view', layers: [...layers] });
  }

  async #create(key: string, rec: SnapshotRecord): Promise<FsMount[]> {
    const dir = this.#dir(key);
    await this.#mutex.run(key, async () => {
      if (await this.#record(key).catch(() => undefined)) return;
      await Promise.all(rec.layers.map((d) => this.#lowerDir(d))); // every layer is there
      const tmp = join(this.root, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
      const dirs = rec.kind === 'active' ? ['upper', 'work', 'empty'] : ['empty'];
      await Promise.all(dirs.map((d) => mkdir(join(tmp, d), { recursive: true })));
      // Renamed into place whole; not fsynced: a snapshot a crash loses is made again by the next
      // prepare (start prepares), and it holds no changes before its first start.
      await writeFile(join(tmp, 'snapshot.json'), JSON.stringify(rec));
      await rename(tmp, dir);
      this.#records.set(key, rec);
    });
    return this.mounts(key);
  }

  async mounts(key: string, o: { readonly?: boolean } = {}): Promise<FsMount[]> {
    const rec = await this.#record(key);
    const dir = this.#dir(key);
    const lowers = await Promise.all([...rec.layers].reverse().map((d) => this.#lowerDir(d)));
    if (rec.kind === 'active' && !o.readonly) {
      const lowerdir = lowers.length > 0 ? lowers : [join(dir, 'empty')];
      return [{ type: 'overlay', source: 'overlay', options: [`lowerdir=${lowerdir.join(':')}`, `upperdir=${join(dir, 'upper')}`, `workdir=${join(dir, 'work')}`] }];
    }
    // Read-only: the changes become the top lower dir; overlayfs wants two lower dirs without an upper.
    const ro = rec.kind === 'active' ? [join(dir, 'upper'), ...lowers] : lowers;
    while (ro.length < 2) ro.push(join(dir, 'empty'));
    return [{ type: 'overlay', source: 'overlay', options: ['ro', `lowerdir=${ro.join(':')}`] }];
  }

  async commit(key: string, o: CommitOptions = {}): Promise<CommittedLayer | undefined> {
    const upper = await this.#upper(key);
    const blob = await this.content.ingest(diffTar(upper, o.skip ? { skip: o.skip } : {}));
    if (blob.digest === EMPTY_LAYER_DIFF_ID) return undefined;
    const { layer } = await this.layers.apply(await this.content.read(blob.digest), { expectedDiffId: blob.digest });
    return { diffId: blob.digest, size: layer.size, blob: { mediaType: MediaType.dockerLayer, digest: blob.digest, size: blob.size } };
  }

  async changes(key: string, o: { skip?: ReadonlySet<string> } = {}): Promise<Change[]> {
    const upper = await this.#upper(key);
    const rec = await this.#record(key);
    const lowers = await Promise.all([...rec.layers].reverse().map((d) => this.#lowerDir(d)));
    return upperChanges(upper, lowers, o.skip ?? new Set());
  }

  async usage(key: string): Promise<Usage> {
    return { size: await treeSize(await this.#upper(key)) };
  }

  async remove(key: string): Promise<void> {
    await this.#mutex.run(key, async () => {
      this.#records.delete(key);
      const doomed = join(this.root, `${TEMP_PREFIX}rm-${randomBytes(6).toString('hex')}`);
      await rename(this.#dir(key), doomed).catch(() => undefined);
      await rm(doomed, { recursive: true, force: true });
    });
  }

  #dir(key: string): string {
    if (!KEY_RE.test(key)) throw new Error(`invalid snapshot key ${JSON.stringify(key)}`);
    return join(this.root, key);
  }

  async #record(key: string): Promise<SnapshotRecord> {
    const have = this.#records.get(key);
    if (have) return have;
    const rec = await readJsonIfExists<SnapshotRecord>(join(this.#dir(key), 'snapshot.json'));
    if (!rec) throw new SnapshotNotFoundError(key);
    this.#records.set(key, rec);
    return rec;
  }

  async #upper(key: string): Promise<string> {
    const rec = await this.#record(key);
    if (rec.kind !== 'active') throw new Error(`snapshot ${key} is a read-only view`);
    return join(this.#dir(key), 'upper');
  }

  async #lowerDir(diffId: Digest): Promise<string> {
    const layer = await this.layers.get(diffId);
    if (!layer) throw new MissingLayerError(diffId);
    return this.layers.linkPath(layer);
  }
}
