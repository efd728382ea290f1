/** `/images/*` of this slice: import (`create?fromSrc=`), list, inspect. */
import { Readable } from 'node:stream';
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { JsonProgressWriter } from '../stream/json-progress.js';
import { imageInspect, imageSummary } from '../wire/image.js';
import { parseFilters, matchLabels, type Filters } from '../filters.js';
import type { ImageRecord } from '../../image/record.js';
import type { Engine } from '../engine.js';
import { parseNormalizedNamed, familiarName } from '../../reference/reference.js';
import { tagImage } from '../../engine/images/tag.js';
import { ImageRemover } from '../../engine/images/remove.js';
import { ImagePruner } from '../../engine/images/prune.js';
import { imageHistory } from '../../engine/images/history.js';

/** Where an import reads from: the request body (`-`) or a URL. */
async function importSource(ctx: Ctx, src: string): Promise<Readable> {
  if (src === '-') return ctx.req;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(src) ? src : `http://${src}`);
  } catch {
    throw new ApiError(400, `invalid URL: ${src}`);
  }
  const resp = await fetch(url).catch((e: Error) => { throw new ApiError(500, `Get "${url}": ${e.message}`); });
  if (!resp.ok || !resp.body) throw new ApiError(500, `Get "${url}": status ${resp.status}`);
  return Readable.fromWeb(resp.body as import('node:stream/web').ReadableStream);
}

async function createImage(ctx: Ctx): Promise<void> {
  const src = ctx.query.get('fromSrc');
  if (src === null) {
    throw new ApiError(501, `pulling images is not supported yet: ${ctx.query.get('fromImage') ?? ''}`);
  }
  const input = await importSource(ctx, src);
  const progress = new JsonProgressWriter(ctx.response);
  try {
    const rec = await ctx.engine.images.import(input, {
      repo: ctx.query.get('repo') || undefined, tag: ctx.query.get('tag') || undefined,
      changes: ctx.query.getAll('changes'), message: ctx.query.get('message') || undefined, source: src,
    });
    progress.write({ status: rec.id });
  } catch (e) {
    progress.error(e instanceof Error ? e.message : String(e));
  }
  progress.end();
}

type ImagePred = (rec: ImageRecord, values: string[], engine: Engine) => boolean;

const IMAGE_FILTERS: Record<string, ImagePred> = {
  dangling: (rec, vs, e) => vs.some((v) => (v === 'true' || v === '1') === (e.images.store.tagsOf(rec.id).length === 0)),
  label: () => true, // needs the config; applied in list()
  reference: (rec, vs, e) => e.images.repoTags(rec).some((t) => vs.some((v) => globMatch(v, t) || globMatch(v, t.slice(0, t.lastIndexOf(':'))))),
  before: () => true, // compares Created: applied in list()
  since: () => true,
};

function globMatch(pattern: string, s: string): boolean {
  const norm = (x: string) => { try { return familiarName(parseNormalizedNamed(x)); } catch { return x; } };
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
  return re.test(s) || re.test(norm(s));
}

/** `before=`/`since=` an image: compares the images' Created times, as Docker does. */
async function inTimeRange(engine: Engine, created: number, filters: Filters): Promise<boolean> {
  const createdOf = async (v: string) => Date.parse((await engine.images.config(engine.images.resolve(v))).created ?? '');
  for (const v of filters.get('before') ?? []) if (!(created < await createdOf(v))) return false;
  for (const v of filters.get('since') ?? []) if (!(created > await createdOf(v))) return false;
  return true;
}

async function list(ctx: Ctx): Promise<void> {
  const filters: Filters = parseFilters(ctx.query.get('filters'));
  for (const k of filters.keys()) if (!IMAGE_FILTERS[k]) throw new ApiError(400, `invalid filter '${k}'`);
  const engine = ctx.engine;
  const all = ctx.bool('all');
  const out = [];
  const containers = engine.containers.store.list();
  for (const rec of engine.images.store.list()) {
    const tags = engine.images.store.tagsOf(rec.id);
    if (!all && tags.length === 0 && engine.images.store.list().some((o) => o.parent === rec.id)) continue;
    if (![...filters].every(([k, vs]) => vs.length === 0 || IMAGE_FILTERS[k]!(rec, vs, engine))) continue;
    const config = await engine.images.config(rec);
    if (!matchLabels(config.config?.Labels, filters.get('label') ?? [])) continue;
    if (!(await inTimeRange(engine, Date.parse(config.created ?? ''), filters))) continue;
    const refs = filters.get('reference') ?? [];
    const matches = (t: string) => refs.length === 0 || refs.some((v) => globMatch(v, t) || globMatch(v, t.slice(0, t.lastIndexOf(':'))));
    const names = { repoTags: engine.images.repoTags(rec).filter(matches), repoDigests: engine.images.repoDigests(rec) };
    const used = containers.filter((c) => c.Image === rec.id).length;
    out.push(imageSummary(rec, config, names, ctx.query.has('shared-size') ? used : -1));
  }
  out.sort((a, b) => b.Created - a.Created);
  ctx.send(200, out);
}

async function inspect(ctx: Ctx): Promise<void> {
  const { record, config } = await ctx.engine.images.resolveWithConfig(ctx.param('name'));
  const names = { repoTags: ctx.engine.images.repoTags(record), repoDigests: ctx.engine.images.repoDigests(record) };
  const lowerDirs = record.layers.map((l) => ctx.engine.images.layers.diffDir(l.diffId));
  ctx.send(200, imageInspect(record, config, names, { lowerDirs }));
}

async function tag(ctx: Ctx): Promise<void> {
  await tagImage(ctx.engine.images, ctx.param('name'), ctx.query.get('repo') ?? '', ctx.query.get('tag') ?? '');
  ctx.noContent(201);
}

async function remove(ctx: Ctx): Promise<void> {
  const remover = new ImageRemover(ctx.engine.images, ctx.engine.containers.store);
  ctx.send(200, await remover.remove(ctx.param('name'), { force: ctx.bool('force'), prune: !ctx.bool('noprune') }));
}

async function history(ctx: Ctx): Promise<void> {
  ctx.send(200, await imageHistory(ctx.engine.images, ctx.param('name')));
}

async function prune(ctx: Ctx): Promise<void> {
  const pruner = new ImagePruner(ctx.engine.images, ctx.engine.containers.store);
  ctx.send(200, await pruner.prune(parseFilters(ctx.query.get('filters'))));
}

export function registerImageRoutes(r: Router): void {
  r.add('POST', '/images/create', createImage);
  r.add('GET', '/images/json', list);
  r.add('POST', '/images/prune', prune);
  r.add('GET', '/images/{name}/json', inspect);
  r.add('GET', '/images/{name}/history', history);
  r.add('POST', '/images/{name}/tag', tag);
  r.add('DELETE', '/images/{name}', remove);
}
