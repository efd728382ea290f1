/**
 * `GET /images/json`: every image but intermediate ones (untagged parents) unless `all`, newest
 * first, with Docker's filters: dangling, label, reference (globs on familiar names), before, since.
 */
import { parseNormalizedNamed, familiarName } from '../../reference/reference.js';
import type { ImageRecord } from '../../image/record.js';
import type { ImageListOptions, ImageView } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { matchLabelFilters, type Filters } from '../filters.js';
import type { ImageCatalog } from './catalog.js';
import type { ContainerLister } from './remove.js';

type Pred = (rec: ImageRecord, values: string[], images: ImageCatalog) => boolean;

/** Filters decided by the record; label, before and since need the config (see `inTimeRange`). */
const FILTERS: Record<string, Pred> = {
  dangling: (rec, vs, images) => vs.some((v) => (v === 'true' || v === '1') === (images.store.tagsOf(rec.id).length === 0)),
  label: () => true,
  // Digest references count too: an image pulled by digest only is listed under its repository.
  reference: (rec, vs, images) => [...images.repoTags(rec), ...images.repoDigests(rec)].some((t) => vs.some((v) => referenceMatch(v, t))),
  before: () => true,
  since: () => true,
};

export async function listImages(images: ImageCatalog, containers: ContainerLister, o: ImageListOptions = {}): Promise<ImageView[]> {
  const filters: Filters = o.filters ?? new Map();
  for (const k of filters.keys()) if (!FILTERS[k]) throw new InvalidArgumentError(`invalid filter '${k}'`);
  const used = containers.all();
  const out: ImageView[] = [];
  for (const record of images.store.list()) {
    if (!o.all && images.store.tagsOf(record.id).length === 0 && images.store.list().some((x) => x.parent === record.id)) continue;
    if (![...filters].every(([k, vs]) => vs.length === 0 || FILTERS[k]!(record, vs, images))) continue;
    const config = await images.config(record);
    if (!matchLabelFilters(config.config?.Labels, new Map([['label', filters.get('label') ?? []]]))) continue;
    if (!(await inTimeRange(images, Date.parse(config.created ?? ''), filters))) continue;
    const refs = filters.get('reference') ?? [];
    out.push({
      record, config,
      repoTags: images.repoTags(record).filter((t) => refs.length === 0 || refs.some((v) => referenceMatch(v, t))),
      repoDigests: images.repoDigests(record).filter((t) => refs.length === 0 || refs.some((v) => referenceMatch(v, t))),
      containers: o.sharedSize ? used.filter((c) => c.Image === record.id).length : -1,
    });
  }
  return out.sort((a, b) => created(b) - created(a));
}

/** Created in whole seconds, as the summaries show it (images made within one second keep their order). */
function created(v: ImageView): number {
  return Math.floor(Date.parse(v.config.created ?? '') / 1000) || 0;
}

/** A `reference` filter value against a tag or digest reference, with or without its `:tag` / `@digest`. */
function referenceMatch(pattern: string, ref: string): boolean {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref.slice(0, ref.lastIndexOf(':'));
  return globMatch(pattern, ref) || globMatch(pattern, name);
}

function globMatch(pattern: string, s: string): boolean {
  const norm = (x: string) => { try { return familiarName(parseNormalizedNamed(x)); } catch { return x; } };
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
  return re.test(s) || re.test(norm(s));
}

/** `before=`/`since=` an image: compares the images' Created times, as Docker does. */
async function inTimeRange(images: ImageCatalog, createdMs: number, filters: Filters): Promise<boolean> {
  const createdOf = async (v: string) => Date.parse((await images.config(images.resolve(v))).created ?? '');
  for (const v of filters.get('before') ?? []) if (!(createdMs < await createdOf(v))) return false;
  for (const v of filters.get('since') ?? []) if (!(createdMs > await createdOf(v))) return false;
  return true;
}
