/**
 * `docker rmi`: untag versus delete, conflicts with containers and child images in Docker's words,
 * and pruning of parents left dangling (moby daemon/images/image_delete.go, followed closely).
 */
import { type Digest, shortId } from '../../oci/digest.js';
import { parseReference, referenceString } from '../../reference/reference.js';
import { isRunning, type ContainerRecord } from '../containers/record.js';
import type { ImageRecord } from '../../image/record.js';
import { chainIds } from '../../image/chain-id.js';
import type { ImageCatalog } from './catalog.js';
import type { DeleteItem } from '../engine.js';
import type { GarbageCollector } from '../../image/gc.js';
import { ConflictError } from '../errors.js';
import { refsOf, familiar, isSingleReference, removeRef, hasChildren, type ImageRef } from './refs.js';
import type { ImageAnnouncer } from './announce.js';


/** The containers, as image removal needs them. */
export interface ContainerLister { all(): ContainerRecord[] }

const CHILD = 1;
const RUNNING = 2;
const ACTIVE_REF = 4;
const STOPPED = 8;
const HARD = CHILD | RUNNING;
const SOFT = ACTIVE_REF | STOPPED;

interface Conflict { message: string; hard: boolean; used: boolean }


export class ImageRemover {
  private readonly images: ImageCatalog;

  constructor(private readonly announcer: ImageAnnouncer, private readonly gc: GarbageCollector, private readonly containers: ContainerLister) {
    this.images = announcer.catalog;
  }

  /** Removes one reference of `rec`, reported and announced (dockerd names the image by its ID in `untag`). */
  async #unref(rec: ImageRecord, r: ImageRef, items: DeleteItem[]): Promise<void> {
    await removeRef(this.images.store, rec, r);
    items.push({ Untagged: familiar(r) });
    await this.announcer.announce('untag', rec.id, rec.id);
  }

  /** Removes `ref` as `DELETE /images/{ref}?force=&noprune=` does, then collects garbage. */
  async remove(ref: string, o: { force?: boolean; prune?: boolean } = {}): Promise<DeleteItem[]> {
    const items = await this.removeNoGc(ref, o);
    await this.gc.collect(this.inUse());
    return items;
  }

  /** IDs of the images containers use. */
  inUse(): Set<string> {
    return new Set(this.containers.all().map((c) => c.Image));
  }

  /** As `remove`, without the collection (prune collects once at the end). */
  async removeNoGc(ref: string, o: { force?: boolean; prune?: boolean }): Promise<DeleteItem[]> {
    const force = Boolean(o.force);
    const prune = o.prune ?? true;
    const rec = this.images.lookup(ref);
    const store = this.images.store;
    const items: DeleteItem[] = [];
    if (!isIdPrefix(rec.id, ref)) {
      const done = await this.#untag(rec, ref, force, items);
      if (done) return items;
      await this.#deleteHelper(rec.id, items, force, prune, true);
      return items;
    }
    const refs = refsOf(store, rec);
    if (isSingleReference(refs)) {
      const c = this.#conflict(rec.id, force ? HARD : HARD | STOPPED);
      if (c) throw new ConflictError(conflictMessage(rec.id, c));
      for (const r of refs) await this.#unref(rec, r, items);
    }
    await this.#deleteHelper(rec.id, items, force, prune, false);
    return items;
  }

  /** Removes the named reference; true when other references keep the image. */
  async #untag(rec: ImageRecord, ref: string, force: boolean, items: DeleteItem[]): Promise<boolean> {
    const store = this.images.store;
    const refs = refsOf(store, rec);
    if (!force && isSingleReference(refs)) {
      const user = this.containers.all().find((c) => c.Image === rec.id);
      if (user) {
        throw new ConflictError(`conflict: unable to remove repository reference "${ref}" (must force) - container ${shortId(user.Id)} is using its referenced image ${shortId(rec.id)}`);
      }
    }
    const parsed = parseReference(ref);
    const full = referenceString(parsed);
    const target = refs.find((r) => r.full === full);
    if (target) await this.#unref(rec, target, items);
    let remaining = refsOf(store, rec);
    if (!parsed.digest && target && !remaining.some((r) => !r.canonical && r.name === target.name)) {
      for (const r of remaining.filter((x) => x.canonical && x.name === target.name)) await this.#unref(rec, r, items);
      remaining = refsOf(store, rec);
    }
    return remaining.length > 0;
  }

  async #deleteHelper(id: Digest, items: DeleteItem[], force: boolean, prune: boolean, quiet: boolean): Promise<void> {
    const store = this.images.store;
    const rec = store.get(id);
    if (!rec) return;
    const c = this.#conflict(id, force ? HARD : HARD | SOFT);
    if (c) {
      if (quiet && (!this.#dangling(rec) || c.used)) return;
      throw new ConflictError(conflictMessage(id, c));
    }
    for (const r of refsOf(store, rec)) await this.#unref(rec, r, items);
    const freed = this.#freedChains(rec);
    await store.delete(id, { retain: this.containers.all().some((x) => x.Image === id) });
    items.push({ Deleted: id }, ...freed.map((d) => ({ Deleted: d })));
    await this.announcer.announce('delete', id, id);
    if (prune && rec.parent && store.get(rec.parent)) await this.#deleteHelper(rec.parent, items, false, true, true);
  }

  #dangling(rec: ImageRecord): boolean {
    return refsOf(this.images.store, rec).length === 0 && !hasChildren(this.images.store, rec.id);
  }

  /** Chain IDs of `rec`'s layers that no other image has (Docker reports them as Deleted). */
  #freedChains(rec: ImageRecord): Digest[] {
    const others = new Set<string>();
    for (const o of this.images.store.list()) if (o.id !== rec.id) for (const ch of chainIds(o.layers.map((l) => l.diffId))) others.add(ch);
    return chainIds(rec.layers.map((l) => l.diffId)).filter((ch) => !others.has(ch)).reverse();
  }

  #conflict(id: Digest, mask: number): Conflict | undefined {
    const store = this.images.store;
    const rec = store.get(id);
    if (mask & CHILD && hasChildren(store, id)) return { message: 'image has dependent child images', hard: true, used: false };
    const users = this.containers.all().filter((c) => c.Image === id);
    const running = users.find((c) => isRunning(c.State));
    if (mask & RUNNING && running) return { message: `image is being used by running container ${shortId(running.Id)}`, hard: true, used: true };
    if (mask & ACTIVE_REF && rec && refsOf(store, rec).length > 0) return { message: 'image is referenced in multiple repositories', hard: false, used: false };
    const stopped = users.find((c) => !isRunning(c.State));
    if (mask & STOPPED && stopped) return { message: `image is being used by stopped container ${shortId(stopped.Id)}`, hard: false, used: true };
    return undefined;
  }
}

function conflictMessage(id: Digest, c: Conflict): string {
  return `conflict: unable to delete ${shortId(id)} (${c.hard ? 'cannot be forced' : 'must be forced'}) - ${c.message}`;
}

/** moby's isImageIDPrefix: the argument names the image by (a prefix of) its ID. */
export function isIdPrefix(id: Digest, ref: string): boolean {
  return id.startsWith(ref) || id.slice(7).startsWith(ref);
}

export type { ImageRef };
