/**
 * Legacy (pre-1.10) `docker save` archives: `repositories` ({"repo":{"tag":"<v1 id>"}}) and one
 * `<v1 id>/{VERSION,json,layer.tar}` directory per layer, each naming its parent. Planned as
 * Docker 20.10's legacyLoad does it: every layer directory, in name order, becomes an image whose
 * config is made from its v1 JSON, with the diffIDs and history of its whole parent chain
 * (v1-config.ts), and whose parent is the image of its parent layer; the tags of `repositories`
 * go to the images of the layers they name.
 * Docker prints no "Loaded image" lines for these archives, only moved-tag notices.
 *
 * Stricter than Docker, since archives come from strangers: directory names, parents and tag
 * targets must be 64-hex IDs; parent chains may not loop (moby's legacyLoadImage would recurse
 * without end) or be deeper than Docker's layer store allows; the JSONs and the configs made from
 * them are capped; everything is checked before anything is written.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Digest, sha256Digest } from '../oci/digest.js';
import type { ContentProvider } from '../content/store.js';
import { detectCompression, decompressor, peek } from '../archive/decompress.js';
import { Digester, limitSize } from '../util/verify.js';
import { InvalidArchiveError, memberBytes, type ArchiveFiles, type ArchiveMember } from './archive-read.js';
import type { LoadImage } from './archive-plan.js';
import { type V1Json, parseV1Json, historyFromV1, makeConfigFromV1 } from './v1-config.js';
import type { GoStruct } from './go-struct.js';
import { legacyTags, isV1Id } from './legacy-tags.js';

/** A v1 layer's `json` may have at most this many bytes (real ones have a few KiB). */
export const MAX_V1_JSON = 1024 * 1024;
/** Longest parent chain: Docker's layer store refuses images of more layers (maxLayerDepth). */
export const MAX_CHAIN = 125;
/** All configs made from one archive together (they are held in memory until loaded). */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
/** Uncompressed size cap when hashing a compressed layer.tar (as applyLayer's maxBytes). */
const MAX_LAYER_BYTES = 64 * 1024 ** 3;

/** Whether `a` is a legacy archive (it has `repositories` and neither manifest.json nor index.json). */
export function isLegacyArchive(a: ArchiveFiles): boolean {
  return a.files.has('repositories') && !a.files.has('manifest.json') && !a.files.has('index.json');
}

interface Planned { image: LoadImage; diffIds: Digest[]; history: GoStruct[] }

/** The images of a legacy archive, each after its parent. */
export async function planLegacy(content: ContentProvider, a: ArchiveFiles): Promise<LoadImage[]> {
  const jsons = new Map<string, V1Json>();
  for (const id of layerDirs(a)) jsons.set(id, await readV1(content, a, id));
  const repositories = a.files.get('repositories');
  if (!repositories) throw new InvalidArchiveError('invalid legacy archive: repositories is missing');
  const tags = await legacyTags(content, repositories);
  const planner = new ChainPlanner(content, a, jsons);
  for (const id of jsons.keys()) await planner.plan(id);
  for (const [tag, id] of tags) {
    const p = planner.planned.get(id);
    if (!p) throw new InvalidArchiveError(`invalid target ID: ${id}`);
    p.image.tags.push(tag);
  }
  return planner.order;
}

/** Top-level directories (layer IDs), sorted by name as Go's ReadDir returns them. */
function layerDirs(a: ArchiveFiles): string[] {
  const dirs = new Set([...a.files.keys()].filter((n) => n.includes('/')).map((n) => n.slice(0, n.indexOf('/'))));
  for (const d of dirs) {
    if (!isV1Id(d)) throw new InvalidArchiveError(`invalid legacy archive: directory ${JSON.stringify(d)} is not named by a 64-hex layer ID`);
  }
  return [...dirs].sort();
}

async function readV1(content: ContentProvider, a: ArchiveFiles, id: string): Promise<V1Json> {
  const m = a.files.get(`${id}/json`);
  if (!m) throw new InvalidArchiveError(`invalid legacy archive: ${id}/json is missing`);
  if (m.size > MAX_V1_JSON) throw new InvalidArchiveError(`invalid legacy archive: ${id}/json is larger than ${MAX_V1_JSON} bytes`);
  let v: V1Json;
  try {
    v = parseV1Json(await memberBytes(content, m));
  } catch (e) {
    throw new InvalidArchiveError(`invalid legacy archive: ${id}/json: ${(e as Error).message}`);
  }
  const os = v.image.os as string;
  if (os === 'windows') throw new InvalidArchiveError('cannot load windows image on linux');
  if (os !== '' && os !== 'linux') throw new InvalidArchiveError(`cannot load ${os} image on linux: operating system is not supported`);
  return v;
}

/** Walks parent chains and plans each layer's image once, parents first. */
class ChainPlanner {
  readonly planned = new Map<string, Planned>();
  readonly order: LoadImage[] = [];
  #configBytes = 0;

  constructor(readonly content: ContentProvider, readonly a: ArchiveFiles, readonly jsons: Map<string, V1Json>) {}

  /** Plans `id` and the ancestors not planned yet. */
  async plan(id: string): Promise<void> {
    const chain = this.#unplannedChain(id);
    for (const cur of chain.reverse()) await this.#planOne(cur);
  }

  /** `id` and its ancestors up to the first planned one, child first. */
  #unplannedChain(id: string): string[] {
    const chain: string[] = [];
    for (let cur: string | undefined = id; cur !== undefined && !this.planned.has(cur); cur = this.#parentOf(cur)) {
      if (chain.includes(cur)) throw new InvalidArchiveError(`invalid legacy archive: the parent chain of ${id} loops back to ${cur}`);
      chain.push(cur);
      if (chain.length > MAX_CHAIN) throw new InvalidArchiveError(`invalid legacy archive: the parent chain of ${id} is longer than ${MAX_CHAIN} layers`);
    }
    return chain;
  }

  #parentOf(id: string): string | undefined {
    const parent = this.jsons.get(id)!.image.parent as string;
    if (parent === '') return undefined;
    if (!isV1Id(parent)) throw new InvalidArchiveError(`invalid legacy archive: ${id}/json names parent ${JSON.stringify(parent)}, not a 64-hex layer ID`);
    if (!this.jsons.has(parent)) throw new InvalidArchiveError(`invalid legacy archive: ${id}/json names parent ${parent}, which is not in the archive`);
    return parent;
  }

  async #planOne(id: string): Promise<void> {
    const v = this.jsons.get(id)!;
    const parentId = this.#parentOf(id);
    const parent = parentId === undefined ? undefined : this.planned.get(parentId)!;
    if ((parent?.diffIds.length ?? 0) >= MAX_CHAIN) throw new InvalidArchiveError(`invalid legacy archive: the parent chain of ${id} is longer than ${MAX_CHAIN} layers`);
    const layer = this.a.files.get(`${id}/layer.tar`);
    if (!layer) throw new InvalidArchiveError(`invalid legacy archive: ${id}/layer.tar is missing`);
    const diffIds = [...(parent?.diffIds ?? []), await diffIdOf(this.content, layer, id)];
    const history = [...(parent?.history ?? []), historyFromV1(v)];
    const config = this.#config(id, v, diffIds, history);
    const image: LoadImage = {
      config, layers: [...(parent?.image.layers ?? []), layer], tags: [], announce: false,
      layerIds: [...(parent?.image.layerIds ?? []), id.slice(0, 12)],
      ...(parent ? { parent: parent.image.config.digest } : {}),
    };
    this.planned.set(id, { image, diffIds, history });
    this.order.push(image);
  }

  #config(id: string, v: V1Json, diffIds: Digest[], history: GoStruct[]): ArchiveMember {
    let data: Buffer;
    try {
      data = makeConfigFromV1(v, diffIds, history);
    } catch (e) {
      throw new InvalidArchiveError(`invalid legacy archive: ${id}/json: ${(e as Error).message}`);
    }
    this.#configBytes += data.length;
    if (this.#configBytes > MAX_CONFIG_BYTES) throw new InvalidArchiveError(`invalid legacy archive: its image configs exceed ${MAX_CONFIG_BYTES} bytes`);
    return { digest: sha256Digest(data), size: data.length, data };
  }
}

/** The diffID of a layer.tar: its digest, or that of its decompressed bytes (Docker accepts gzip/zstd too). */
async function diffIdOf(content: ContentProvider, m: ArchiveMember, id: string): Promise<Digest> {
  const input = m.data ? Readable.from(m.data, { objectMode: false }) : await content.read(m.digest);
  const kind = detectCompression(await peek(input, 6));
  if (kind === 'none') {
    input.destroy();
    return m.digest;
  }
  const digester = new Digester();
  const discard = new Writable({ write: (_c, _e, cb) => cb() });
  try {
    await pipeline(input, decompressor(kind), limitSize(MAX_LAYER_BYTES, 'uncompressed layer'), digester, discard);
  } catch (e) {
    throw new InvalidArchiveError(`invalid legacy archive: ${id}/layer.tar: ${(e as Error).message}`);
  }
  return digester.digest();
}
