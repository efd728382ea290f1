/**
 * `docker image prune [-a]` (`POST /images/prune`): dangling images (untagged, no children) or,
 * with `dangling=false`, every image no container uses; `label`, `label!` and `until` filters.
 * Follows moby's ImagesPrune; space reclaimed is the unpacked size of the layers that went.
 */
import type { ImageRecord } from '../../image/record.js';
import type { ImageCatalog } from './catalog.js';
import type { GarbageCollector } from '../../image/gc.js';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors.js';
import { hasChildren, refsOf } from './refs.js';
import { ImageRemover, type ContainerLister } from './remove.js';
import type { DeleteItem, PruneReport } from '../engine.js';
import { matchLabelFilters, parseUntil } from '../filters.js';
import type { ImageAnnouncer } from './announce.js';

const KEYS = new Set(['dangling', 'label', 'label!', 'until']);

export class ImagePruner {
  private readonly images: ImageCatalog;

  constructor(private readonly announcer: ImageAnnouncer, private readonly gc: GarbageCollector, private readonly containers: ContainerLister) {
    this.images = announcer.catalog;
  }

  async prune(filters: Map<string, string[]>): Promise<PruneReport> {
    for (const k of filters.keys()) if (!KEYS.has(k)) throw new InvalidArgumentError(`Invalid filter '${k}'`);
    const danglingOnly = danglingFilter(filters.get('dangling') ?? []);
    const until = (filters.get('until') ?? []).map((u) => parseUntil(u));
    const used = new Set(this.containers.all().map((c) => c.Image));
    const remover = new ImageRemover(this.announcer, this.gc, this.containers);
    const deleted: DeleteItem[] = [];
    for (const rec of await this.#candidates(danglingOnly, filters, until)) {
      if (used.has(rec.id) || !this.images.store.get(rec.id)) continue;
      deleted.push(...await this.#pruneOne(rec, danglingOnly, remover));
    }
    const report = await this.gc.collect(remover.inUse(), { reclaimLeases: true });
    await this.announcer.announce('prune', '', '', { reclaimed: String(report.layerBytes) });
    return { ImagesDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: report.layerBytes };
  }

  async #candidates(danglingOnly: boolean, filters: Map<string, string[]>, until: number[]): Promise<ImageRecord[]> {
    const store = this.images.store;
    const out: ImageRecord[] = [];
    for (const rec of store.list()) {
      if (danglingOnly && hasChildren(store, rec.id)) continue;
      const config = await this.images.config(rec);
      if (!matchLabelFilters(config.config?.Labels, filters)) continue;
      const created = Date.parse(config.created ?? '') / 1000;
      if (until.some((u) => !(created < u))) continue;
      out.push(rec);
    }
    return out.sort((a, b) => (a.loaded < b.loaded ? 1 : -1));
  }

  async #pruneOne(rec: ImageRecord, danglingOnly: boolean, remover: ImageRemover): Promise<DeleteItem[]> {
    const refs = refsOf(this.images.store, rec);
    const out: DeleteItem[] = [];
    if (refs.length === 0) return this.#tryRemove(remover, rec.id.slice(7));
    if (danglingOnly && refs.some((r) => !r.canonical)) return out;
    for (const r of refs) out.push(...await this.#tryRemove(remover, r.full));
    return out;
  }

  async #tryRemove(remover: ImageRemover, ref: string): Promise<DeleteItem[]> {
    try {
      return await remover.removeNoGc(ref, { force: false, prune: true });
    } catch (e) {
      if (e instanceof ConflictError || e instanceof NotFoundError) return [];
      throw e;
    }
  }
}

function danglingFilter(values: string[]): boolean {
  for (const v of values) {
    if (!['true', 'false', '1', '0'].includes(v.toLowerCase())) throw new InvalidArgumentError(`Invalid filter 'dangling=${v}'`);
  }
  return values.length === 0 || values.some((v) => v === 'true' || v === '1');
}
