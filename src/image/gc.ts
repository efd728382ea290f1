/**
 * Mark-and-sweep garbage collection of blobs and unpacked layers. Roots are the image records:
 * each keeps its config blob (the image ID), its manifest and layer blobs, and its layers' diff
 * dirs. Everything else in the content store and the layer store is swept.
 *
 * Writers that add content before the record that references it exists (import, load, commit)
 * run inside `lease()`: a collection waits for every lease to end, and new leases wait for a
 * running collection, so a sweep never sees half-written images. A pull knows its digests before
 * it fetches anything, so it `hold`s exactly those instead: collections run meanwhile and keep
 * them, and a long pull never blocks `rmi` or a prune. Holds are also written to `leaseDir`, so the
 * layers of a pull cut short by a crash survive the next start's collection for a day (containerd's
 * lease expiry for pulls): pulling again fetches only what was missing.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readJsonIfExists, writeJsonAtomic, TEMP_PREFIX } from '../util/atomic-file.js';
import type { Digest } from '../oci/digest.js';
import type { ContentManager } from '../content/store.js';
import type { LayerRecord } from '../snapshot/layer-store.js';
import type { ImageRecord } from './record.js';

/** The layer store as the collector sees it. */
export interface LayerManager {
  list(): Promise<LayerRecord[]>;
  remove(diffId: Digest): Promise<void>;
}

/** The image records, live and retained (deleted but used by a container). */
export interface RecordSource {
  list(): ImageRecord[];
  retained(): ImageRecord[];
  release(id: Digest): Promise<void>;
}

/** What a collection removed. */
export interface GcReport {
  blobs: Digest[];
  layers: Digest[];
  /** Bytes freed in the content store. */
  blobBytes: number;
  /** Unpacked bytes of the layers removed (Docker's "space reclaimed"). */
  layerBytes: number;
}

/** The blobs and layers `records` keep alive. */
export function markRoots(records: Iterable<ImageRecord>): { blobs: Set<string>; layers: Set<string> } {
  const blobs = new Set<string>();
  const layers = new Set<string>();
  for (const r of records) {
    blobs.add(r.id);
    if (r.manifest) blobs.add(r.manifest.digest);
    for (const l of r.layers) {
      layers.add(l.diffId);
      if (l.blob) blobs.add(l.blob.digest);
    }
  }
  return { blobs, layers };
}

/** How long the lease of an interrupted pull keeps its content. */
const LEASE_LIFE_MS = 24 * 3600 * 1000;

export class GarbageCollector {
  #leases = 0;
  #collecting?: Promise<GcReport>;
  #idle: Array<() => void> = [];
  /** Blobs and layers held by running pulls: digest → number of holders. */
  readonly #held = new Map<string, number>();
  /** Lease files of this process's running holds (the others are left by failed or crashed pulls). */
  readonly #liveFiles = new Set<string>();

  constructor(
    private readonly content: ContentManager,
    private readonly layers: LayerManager,
    private readonly store: RecordSource,
    private readonly leaseDir?: string,
  ) {}

  /** Runs `fn` while no collection runs; collections wait for it. */
  async lease<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#collecting) await this.#collecting.catch(() => undefined);
    this.#leases++;
    try {
      return await fn();
    } finally {
      if (--this.#leases === 0) for (const wake of this.#idle.splice(0)) wake();
    }
  }

  /**
   * Keeps `digests` (blobs or diffIDs) alive until the returned release is called. A release with
   * `keepLease` (a pull that failed) leaves the lease file to expire, so pulling again resumes.
   */
  async hold(digests: Iterable<string>): Promise<(o?: { keepLease?: boolean }) => Promise<void>> {
    const mine = [...new Set(digests)];
    for (const d of mine) this.#held.set(d, (this.#held.get(d) ?? 0) + 1);
    let file: string | undefined;
    if (this.leaseDir) {
      file = join(this.leaseDir, `${randomUUID()}.json`);
      this.#liveFiles.add(file);
      await mkdir(this.leaseDir, { recursive: true });
      await writeJsonAtomic(file, { digests: mine });
    }
    let released = false;
    return async (o = {}) => {
      if (released) return;
      released = true;
      for (const d of mine) {
        const n = (this.#held.get(d) ?? 1) - 1;
        if (n <= 0) this.#held.delete(d);
        else this.#held.set(d, n);
      }
      if (file) this.#liveFiles.delete(file);
      if (file && !o.keepLease) await rm(file, { force: true });
    };
  }

  /**
   * Digests named by lease files younger than a day (those of running holds are in #held too); older
   * files go, and with `reclaim` (an explicit prune) every file no running pull holds.
   */
  async #leased(reclaim: boolean): Promise<Set<string>> {
    const out = new Set<string>();
    if (!this.leaseDir) return out;
    const names = await readdir(this.leaseDir).catch(() => [] as string[]);
    for (const n of names) {
      const p = join(this.leaseDir, n);
      const st = await stat(p).catch(() => undefined);
      if (!st) continue;
      if (n.startsWith(TEMP_PREFIX) || Date.now() - st.mtimeMs > LEASE_LIFE_MS || (reclaim && !this.#liveFiles.has(p))) {
        await rm(p, { force: true });
        continue;
      }
      const doc = await readJsonIfExists<{ digests?: string[] }>(p).catch(() => undefined);
      for (const d of doc?.digests ?? []) out.add(d);
    }
    return out;
  }

  /**
   * Sweeps unreferenced blobs and layers; `inUse` are the image IDs containers use (their retained
   * records stay roots). Concurrent callers share one run. `reclaimLeases` (an explicit prune) also
   * frees what failed and crashed pulls kept for their retry.
   */
  collect(inUse?: ReadonlySet<string>, o: { reclaimLeases?: boolean } = {}): Promise<GcReport> {
    this.#collecting ??= this.#run(inUse, o.reclaimLeases ?? false).finally(() => (this.#collecting = undefined));
    return this.#collecting;
  }

  async #run(inUse: ReadonlySet<string> | undefined, reclaim: boolean): Promise<GcReport> {
    while (this.#leases > 0) await new Promise<void>((r) => this.#idle.push(r));
    const retained = this.store.retained();
    for (const r of retained) if (inUse && !inUse.has(r.id)) await this.store.release(r.id);
    const keep = markRoots([...this.store.list(), ...this.store.retained()]);
    const leased = await this.#leased(reclaim);
    const report: GcReport = { blobs: [], layers: [], blobBytes: 0, layerBytes: 0 };
    for (const b of await this.content.list()) {
      if (keep.blobs.has(b.digest) || this.#held.has(b.digest) || leased.has(b.digest)) continue;
      await this.content.delete(b.digest);
      report.blobs.push(b.digest);
      report.blobBytes += b.size;
    }
    for (const l of await this.layers.list()) {
      if (keep.layers.has(l.diffId) || this.#held.has(l.diffId) || leased.has(l.diffId)) continue;
      await this.layers.remove(l.diffId);
      report.layers.push(l.diffId);
      report.layerBytes += l.size;
    }
    return report;
  }
}
