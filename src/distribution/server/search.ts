/**
 * `GET /v1/search?q=&n=&page=` in the shape `docker search` expects (Docker Hub's v1 search), built
 * from the catalog: a repository matches when `q` is a substring of its name or description
 * (case-insensitive). The description comes from the image config's labels
 * (`org.opencontainers.image.description`, then `description`) or the manifest's annotation of the
 * same name, read from the `latest` tag (else the last tag); it is cached per repository until a push.
 * `GET /v1/_ping` answers as a standalone registry, which the docker daemon checks first.
 */
import type { ServerResponse } from 'node:http';
import type { Digest } from '../../oci/digest.js';
import { isIndexType } from '../../oci/media-types.js';
import type { Index, Manifest } from '../../oci/manifest.js';
import { RegistryError } from './errors.js';
import { sendJson } from './http-util.js';
import type { BlobStore } from './storage/blob-store.js';
import type { RepoStore } from './storage/repo-store.js';

const DESCRIPTION_KEYS = ['org.opencontainers.image.description', 'description'];
const SMALL = 4 << 20;

/** One result row, as Docker Hub returns it. */
export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

/** Searches repositories; holds a per-repository description cache. */
export class SearchIndex {
  readonly #repos: RepoStore;
  readonly #blobs: BlobStore;
  readonly #cache = new Map<string, { digest: Digest; description: string }>();
  constructor(repos: RepoStore, blobs: BlobStore) {
    this.#repos = repos;
    this.#blobs = blobs;
  }

  /** Forgets a repository's cached description (after a push). */
  invalidate(name: string): void {
    this.#cache.delete(name);
  }

  /** Runs a query; `n` results per page (1–100, default 25), `page` from 1. */
  async search(q: string, n = 25, pageNo = 1): Promise<{ num_results: number; query: string; page: number; page_size: number; num_pages: number; results: SearchResult[] }> {
    const needle = q.toLowerCase();
    const matches: SearchResult[] = [];
    for (const name of await this.#repos.listRepositories()) {
      const description = await this.description(name).catch(() => '');
      if (needle && !name.includes(needle) && !description.toLowerCase().includes(needle)) continue;
      matches.push({ name, description, star_count: 0, is_official: false, is_automated: false });
    }
    const results = matches.slice((pageNo - 1) * n, pageNo * n);
    return { num_results: matches.length, query: q, page: pageNo, page_size: n, num_pages: Math.max(1, Math.ceil(matches.length / n)), results };
  }

  /** The description of a repository's main image ('' when none). */
  async description(name: string): Promise<string> {
    const tags = await this.#repos.listTags(name);
    const tag = tags.includes('latest') ? 'latest' : tags.at(-1);
    const digest = tag ? await this.#repos.getTag(name, tag) : undefined;
    if (!digest) return '';
    const hit = this.#cache.get(name);
    if (hit?.digest === digest) return hit.description;
    const description = await this.#describe(name, digest);
    this.#cache.set(name, { digest, description });
    return description;
  }

  async #describe(name: string, digest: Digest): Promise<string> {
    let doc = await this.#json<Manifest & Index & { mediaType?: string }>(digest);
    if (doc && (isIndexType(doc.mediaType) || Array.isArray(doc.manifests))) {
      const child = doc.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? doc.manifests[0];
      doc = child && (await this.#repos.getManifest(name, child.digest)) ? await this.#json(child.digest) : undefined;
    }
    if (!doc?.config) return '';
    const fromAnnotations = pick(doc.annotations);
    if (fromAnnotations) return fromAnnotations;
    const config = await this.#json<{ config?: { Labels?: Record<string, string> } }>(doc.config.digest);
    return pick(config?.config?.Labels) ?? '';
  }

  async #json<T>(d: Digest): Promise<T | undefined> {
    const bytes = await this.#blobs.readSmall(d, SMALL);
    return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : undefined;
  }
}

function pick(labels: Record<string, string> | undefined): string | undefined {
  for (const k of DESCRIPTION_KEYS) if (labels?.[k]) return labels[k];
  return undefined;
}

/** Handles `/v1/search` and `/v1/_ping`; returns false for other paths. */
export async function handleV1(path: string, url: URL, res: ServerResponse, index: SearchIndex): Promise<boolean> {
  if (path === '/v1/_ping') {
    sendJson(res, 200, true, { 'X-Docker-Registry-Standalone': 'true', 'X-Docker-Registry-Version': '0.6.0' });
    return true;
  }
  if (path !== '/v1/search') return false;
  const n = url.searchParams.get('n') ? Number(url.searchParams.get('n')) : 25;
  const p = url.searchParams.get('page') ? Number(url.searchParams.get('page')) : 1;
  if (!Number.isInteger(n) || n < 1 || n > 100 || !Number.isInteger(p) || p < 1) {
    throw new RegistryError('PAGINATION_NUMBER_INVALID', { detail: { n, page: p } });
  }
  sendJson(res, 200, await index.search(url.searchParams.get('q') ?? '', n, p));
  return true;
}
