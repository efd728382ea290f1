/**
 * Unpacked layers, one overlayfs diff dir per layer, keyed by diffID:
 *   <root>/<diffIdHex>/diff        the layer's files in overlay form (whiteouts as 0:0 char devices)
 *   <root>/<diffIdHex>/layer.json  LayerRecord
 *   <root>/l/<short>               short symlink to ../<hex>/diff, keeps overlay mount options under a page
 * A diff dir's content does not depend on its parents (whiteouts are relative), so layers unpack in
 * parallel, and two images with a common layer share one dir. A layer appears only by renaming a
 * complete temp dir into place; `init` sweeps temp dirs left by a crash.
 */
import { mkdir, readdir, rename, rm, symlink, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Digest, digestHex } from '../oci/digest.js';
import { readJsonIfExists, writeJsonAtomic, TEMP_PREFIX, fsyncDir } from '../util/atomic-file.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { DigestMismatchError } from '../util/verify.js';
import { applyLayer, type ApplyOptions, type ApplyResult } from '../archive/apply.js';

export interface LayerRecord {
  diffId: Digest;
  /** Bytes of the files in the layer (Docker's layer Size). */
  size: number;
  /** Short link name under l/, used in overlay lowerdir options. */
  link: string;
}

export class LayerStore {
  readonly root: string;
  readonly #mutex = new KeyedMutex();
  readonly #known = new Map<Digest, LayerRecord>();

  constructor(root: string) {
    this.root = root;
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'l'), { recursive: true });
    const names = await readdir(this.root);
    await Promise.all(
      names.filter((n) => n.startsWith(TEMP_PREFIX)).map((n) => rm(join(this.root, n), { recursive: true, force: true })),
    );
  }

  diffDir(diffId: Digest): string {
    return join(this.root, digestHex(diffId), 'diff');
  }

  /** Path usable in overlay options: the short link. */
  linkPath(rec: LayerRecord): string {
    return join(this.root, 'l', rec.link);
  }

  /** A committed layer's record (they never change, so each is read from disk once). */
  async get(diffId: Digest): Promise<LayerRecord | undefined> {
    const known = this.#known.get(diffId);
    if (known) return known;
    const rec = await readJsonIfExists<LayerRecord>(join(this.root, digestHex(diffId), 'layer.json'));
    if (rec) this.#known.set(diffId, rec);
    return rec;
  }

  /**
   * Unpacks a layer tar. If `expectedDiffId` is given and that layer exists, the input is not read.
   * Returns the record and the apply figures (digests of the input as given).
   */
  async apply(input: Readable, opts: ApplyOptions & { expectedDiffId?: Digest } = {}): Promise<{ layer: LayerRecord; result?: ApplyResult }> {
    if (opts.expectedDiffId) {
      const have = await this.get(opts.expectedDiffId);
      if (have) return { layer: have };
    }
    const tmp = join(this.root, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      const result = await applyLayer(input, join(tmp, 'diff'), opts);
      if (opts.expectedDiffId && result.diffId !== opts.expectedDiffId) {
        throw new DigestMismatchError(opts.expectedDiffId, result.diffId);
      }
      const layer = await this.#mutex.run(result.diffId, () => this.#commit(tmp, result));
      return { layer, result };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async #commit(tmp: string, result: ApplyResult): Promise<LayerRecord> {
    const existing = await this.get(result.diffId);
    if (existing) return existing;
    const link = randomBytes(13).toString('base64url').slice(0, 16).replace(/[-_]/g, 'x');
    const rec: LayerRecord = { diffId: result.diffId, size: result.size, link };
    await writeJsonAtomic(join(tmp, 'layer.json'), rec);
    const dest = join(this.root, digestHex(result.diffId));
    await rename(tmp, dest);
    await fsyncDir(this.root);
    await symlink(`../${digestHex(result.diffId)}/diff`, join(this.root, 'l', link));
    return rec;
  }

  /** Every committed layer. */
  async list(): Promise<LayerRecord[]> {
    const out: LayerRecord[] = [];
    for (const name of await readdir(this.root)) {
      if (!/^[a-f0-9]{64}$/.test(name)) continue;
      const rec = await this.get(`sha256:${name}` as Digest).catch(() => undefined);
      if (rec) out.push(rec);
    }
    return out;
  }

  /** Removes a layer and its link (the caller has checked no image uses it). */
  async remove(diffId: Digest): Promise<void> {
    const rec = await this.get(diffId);
    this.#known.delete(diffId);
    if (rec) await rm(join(this.root, 'l', rec.link), { force: true });
    const dir = join(this.root, digestHex(diffId));
    const doomed = join(this.root, `${TEMP_PREFIX}rm-${randomBytes(6).toString('hex')}`);
    await rename(dir, doomed).catch(() => undefined);
    await rm(doomed, { recursive: true, force: true });
  }

  /** Recreates missing short links (a crash between rename and symlink). */
  async repairLinks(): Promise<void> {
    for (const name of await readdir(this.root)) {
      if (!/^[a-f0-9]{64}$/.test(name)) continue;
      const rec = await this.get(`sha256:${name}` as Digest);
      if (!rec) continue;
      const link = join(this.root, 'l', rec.link);
      if (!(await readlink(link).catch(() => undefined))) await symlink(`../${name}/diff`, link);
    }
  }
}
