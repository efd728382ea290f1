/**
 * `docker builder prune` (`POST /build/prune`): the cache entries go (all with `all`, else those
 * whose step image nothing tagged descends from; `until` keeps newer ones), then the step images
 * they named that are now unused: untagged, without children, in no container. Images still in use
 * stay, as `docker image prune` leaves them.
 */
import type { BuildCache } from '../../build/executor/cache.js';
import type { Digest } from '../../oci/digest.js';
import type { BuildPruneOptions, BuildPruneReport } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { parseUntil } from '../filters.js';
import type { ImageService } from '../images/service.js';

/** moby's build cache prune filter keys: `until` and the labels (which `docker system prune` passes on) are applied; the rest are BuildKit records' fields Wharf's cache does not have. */
const APPLIED = new Set(['until', 'label', 'label!']);
const BUILDKIT_ONLY = new Set(['id', 'parent', 'type', 'description', 'inuse', 'shared', 'private']);

/** The images some tag reaches by parent links (a step image under a tagged one is in use). */
function tagged(images: ImageService): Set<Digest> {
  const { store } = images.catalog;
  const reached = new Set<Digest>();
  for (const rec of store.list()) {
    if (store.tagsOf(rec.id).length === 0) continue;
    for (let id: Digest | undefined = rec.id; id && !reached.has(id); id = store.get(id)?.parent) reached.add(id);
  }
  return reached;
}

export async function pruneBuildCache(cache: BuildCache, images: ImageService, o: BuildPruneOptions): Promise<BuildPruneReport> {
  for (const k of o.filters.keys()) {
    if (BUILDKIT_ONLY.has(k)) throw new InvalidArgumentError(`failed to prune build cache: filter '${k}' is not supported: the cache holds step images, not BuildKit records`);
    if (!APPLIED.has(k)) throw new InvalidArgumentError(`failed to prune build cache: Invalid filter '${k}'`);
  }
  const until = (o.filters.get('until') ?? []).map((u) => parseUntil(u) * 1000);
  // Cache entries carry no labels: `label=…` matches none of them, `label!=…` all.
  if ((o.filters.get('label') ?? []).length > 0) return { CachesDeleted: [], SpaceReclaimed: 0 };
  const inUse = o.all ? new Set<Digest>() : tagged(images);
  const before = (await images.usage()).layersSize;
  const gone = await cache.prune((e) => inUse.has(e.image) || until.some((u) => e.created >= u));
  // Children before parents: repeat while an image could be removed.
  let pending = [...new Set(gone.map((g) => g.image))];
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    const left: Digest[] = [];
    for (const id of pending) {
      const rec = images.catalog.store.get(id);
      if (!rec || images.catalog.store.tagsOf(id).length > 0) continue;
      try {
        await images.remove(id, { force: false, prune: false });
        progress = true;
      } catch {
        left.push(id); // a child or a container still uses it
      }
    }
    pending = left;
  }
  const after = (await images.usage()).layersSize;
  return { CachesDeleted: gone.map((g) => g.key), SpaceReclaimed: Math.max(0, before - after) };
}
