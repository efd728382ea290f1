/**
 * Pull-through cache mode (`proxy.remoteurl`), like distribution's proxy: reads go to the local
 * store first for digests, and to the upstream for tags (so a moved tag is seen), falling back to
 * the cache when the upstream is unreachable. Fetched content is verified against its digest and
 * committed through the same upload path as a push, so the store's invariants hold. Concurrent
 * requests for the same blob share one upstream fetch. Pushes are refused (405) by the dispatcher.
 */
import { type Digest, isDigest, sha256Digest } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { parseManifest } from '../../oci/manifest.js';
import type { RegistryConfig } from './config.js';
import type { Services } from './context.js';
import { upstreamSession } from './upstream.js';
import type { RegistrySession } from '../client/session.js';
import { readBody } from '../client/transport.js';

/** What the routes ask of a pull-through cache. */
export interface PullThrough {
  /** Makes sure a manifest (by tag or digest) is cached; its digest, or undefined when upstream has none or is unreachable. */
  ensureManifest(name: string, ref: string): Promise<Digest | undefined>;
  /** Makes sure a blob is cached and linked; its size, or undefined when upstream has none. */
  ensureBlob(name: string, d: Digest): Promise<number | undefined>;
  /** Copies the upstream's tag list into the cache's view (best effort). */
  syncTags(name: string): Promise<void>;
}

const ACCEPT = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest].join(', ');

class PullThroughCache implements PullThrough {
  readonly #up: RegistrySession;
  readonly #s: Services;
  readonly #inflight = new Map<string, Promise<number | undefined>>();
  constructor(cfg: NonNullable<RegistryConfig['proxy']>, services: Services) {
    this.#up = upstreamSession(cfg);
    this.#s = services;
  }

  async ensureManifest(name: string, ref: string): Promise<Digest | undefined> {
    const { repos } = this.#s;
    if (isDigest(ref) && (await repos.getManifest(name, ref))) return ref;
    try {
      return await this.#fetchManifest(name, ref);
    } catch (e) {
      this.#s.log.warn('upstream manifest fetch failed; serving from cache', { name, ref, error: String(e) });
      return undefined;
    }
  }

  /**
   * For a tag: a HEAD first (registries such as Docker Hub do not count HEADs against pull limits);
   * when the digest it names is already cached, only the tag moves. Undefined when a GET is needed.
   */
  async #headTag(name: string, tag: string): Promise<Digest | undefined> {
    const res = await this.#up.send({ method: 'HEAD', path: `/v2/${name}/manifests/${tag}`, headers: { Accept: ACCEPT }, scopes: [`repository:${name}:pull`] });
    res.body.resume();
    const d = String(res.headers['docker-content-digest'] ?? '');
    if (res.status !== 200 || !isDigest(d) || !(await this.#s.repos.getManifest(name, d)) || (await this.#s.blobs.size(d)) === undefined) return undefined;
    await this.#s.repos.setTag(name, tag, d);
    return d;
  }

  async #fetchManifest(name: string, ref: string): Promise<Digest | undefined> {
    const { repos, blobs } = this.#s;
    if (!isDigest(ref)) {
      const cached = await this.#headTag(name, ref);
      if (cached) return cached;
    }
    const res = await this.#up.send({ method: 'GET', path: `/v2/${name}/manifests/${ref}`, headers: { Accept: ACCEPT }, scopes: [`repository:${name}:pull`] });
    if (res.status !== 200) {
      res.body.resume();
      return undefined;
    }
    const bytes = await readBody(res.body, this.#s.config.maxManifestBytes);
    const digest = sha256Digest(bytes);
    if (isDigest(ref) && ref !== digest) throw new Error(`upstream manifest ${ref} hashes to ${digest}`);
    const parsed = parseManifest(bytes, String(res.headers['content-type'] ?? '').split(';')[0] || undefined);
    await blobs.putBytes(bytes);
    const subject = parsed.value.subject?.digest;
    await repos.putManifest(name, digest, { mediaType: parsed.mediaType, size: bytes.length, ...(subject ? { subject } : {}) });
    if (!isDigest(ref)) await repos.setTag(name, ref, digest);
    return digest;
  }

  ensureBlob(name: string, d: Digest): Promise<number | undefined> {
    const key = `${name}@${d}`;
    let p = this.#inflight.get(key);
    if (!p) {
      p = this.#fetchBlob(name, d)
        .catch((e: unknown) => {
          this.#s.log.warn('upstream blob fetch failed', { name, digest: d, error: String(e) });
          return undefined;
        })
        .finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    return p;
  }

  async #fetchBlob(name: string, d: Digest): Promise<number | undefined> {
    const { blobs, repos, uploads } = this.#s;
    const have = await blobs.size(d);
    if (have !== undefined) {
      await repos.linkLayer(name, d);
      return have;
    }
    const res = await this.#up.send({ method: 'GET', path: `/v2/${name}/blobs/${d}`, headers: {}, scopes: [`repository:${name}:pull`] });
    if (res.status !== 200) {
      res.body.resume();
      return undefined;
    }
    const s = await uploads.create(name);
    await uploads.complete(s.id, name, d, res.body);
    await repos.linkLayer(name, d);
    return blobs.size(d);
  }

  async syncTags(name: string): Promise<void> {
    const res = await this.#up.send({ method: 'GET', path: `/v2/${name}/tags/list`, headers: {}, scopes: [`repository:${name}:pull`] });
    if (res.status !== 200) {
      res.body.resume();
      return;
    }
    const doc = JSON.parse((await readBody(res.body)).toString('utf8')) as { tags?: string[] };
    for (const tag of doc.tags ?? []) {
      if (!(await this.#s.repos.getTag(name, tag))) await this.ensureManifest(name, tag);
    }
  }
}

/** Builds the pull-through cache for `proxy` settings. */
export function createPullThrough(cfg: NonNullable<RegistryConfig['proxy']>, services: Services): PullThrough {
  return new PullThroughCache(cfg, services);
}
