/**
 * `docker pull` (`POST /images/create?fromImage=`): one tag, one digest, or every tag of a
 * repository; messages as dockerd writes them (`Pulling from`, per-layer lines, `Digest:`, `Status:
 * Downloaded newer image for` / `Image is up to date for`). A docker.io mirror that fails hands over
 * to the next endpoint. The image record is written only once every layer is in place, so a failed
 * pull leaves no image and moves no tag.
 */
import { isDigest, sha256Digest } from '../../oci/digest.js';
import { familiarString, isValidTag, parseNormalizedNamed, referenceString, type Reference } from '../../reference/reference.js';
import { parsePlatform, type Platform } from '../../oci/platform.js';
import type { RegistryClient } from '../../distribution/client/client.js';
import type { Credentials } from '../../distribution/client/auth.js';
import { Puller, type PulledImage } from '../../distribution/client/puller.js';
import { Repository } from '../../distribution/client/repository.js';
import type { PullProgress } from '../../distribution/client/progress.js';
import type { ImageRecord } from '../../image/record.js';
import type { GarbageCollector } from '../../image/gc.js';
import type { ImageCatalog } from './catalog.js';
import type { ImageAnnouncer } from './announce.js';
import { StorePullTarget } from './pull-target.js';
import { InvalidArgumentError } from '../errors.js';

export interface PullRequest {
  /** `fromImage`: a name, possibly with a tag or digest. */
  image: string;
  /** `tag`: a tag or a digest; empty with an untagged image: every tag. */
  tag?: string;
  platform?: string;
  auth?: Credentials;
  /** The client went away: stop fetching (finished layers stay for a retry). */
  signal?: AbortSignal;
}

export interface PullSettings {
  /** `max-concurrent-downloads` (default 3). */
  concurrency: number;
  /** Back-off of a layer's retries (tests shorten it). */
  retryDelayMs?: number;
}

export class ImagePuller {
  constructor(
    private readonly announcer: ImageAnnouncer,
    private readonly gc: GarbageCollector,
    private readonly client: RegistryClient,
    private readonly settings: PullSettings,
  ) {}

  get #catalog(): ImageCatalog {
    return this.announcer.catalog;
  }

  /** The reference a request names, and whether it means every tag. */
  static target(req: PullRequest): { ref: Reference; allTags: boolean } {
    let ref: Reference;
    try {
      ref = parseNormalizedNamed(req.image);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
    const tag = req.tag ?? '';
    if (tag) {
      if (isDigest(tag)) ref = { domain: ref.domain, path: ref.path, digest: tag };
      else if (isValidTag(tag)) ref = { domain: ref.domain, path: ref.path, tag };
      else throw new InvalidArgumentError('invalid tag format'); // dockerd's 400 for `tag=Bad Tag`
    }
    return { ref, allTags: !ref.tag && !ref.digest };
  }

  async pull(req: PullRequest, progress: PullProgress): Promise<void> {
    const { ref, allTags } = ImagePuller.target(req);
    let platform: Platform | undefined;
    if (req.platform) {
      try {
        platform = parsePlatform(req.platform);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    }
    const session = this.client.session(ref.domain, req.auth);
    const repo = new Repository(session, ref.path);
    let refs: Reference[] = [ref];
    if (allTags) refs = (await repo.tags()).map((tag) => ({ domain: ref.domain, path: ref.path, tag }));
    let changed = false;
    for (const r of refs) {
      for (;;) {
        try {
          changed = (await this.#pullOne(repo, r, platform, progress, req.signal)) || changed;
          break;
        } catch (e) {
          // A mirror that fails hands the pull to the next endpoint, as dockerd's fallback does.
          if (!(await session.fallback())) throw e;
        }
      }
    }
    const shown = familiarString(allTags ? { domain: ref.domain, path: ref.path } : ref);
    progress.status(changed ? `Status: Downloaded newer image for ${shown}` : `Status: Image is up to date for ${shown}`);
  }

  /** Pulls one tag or digest; true when something changed locally (layers fetched or a tag moved). */
  async #pullOne(repo: Repository, ref: Reference, platform: Platform | undefined, progress: PullProgress, signal?: AbortSignal): Promise<boolean> {
    const catalog = this.#catalog;
    const target = new StorePullTarget(catalog, this.gc);
    let failed = true;
    try {
      const pulled = await new Puller(repo, target, progress).pull(ref.digest ?? ref.tag!, {
        platform, concurrency: this.settings.concurrency, retryDelayMs: this.settings.retryDelayMs, signal,
      }, () => progress.status(`Pulling from ${ref.path}`, ref.digest ? referenceString(ref) : ref.tag));
      const repoDigest = `${referenceString({ domain: ref.domain, path: ref.path })}@${pulled.digest}`;
      const existed = catalog.store.get(sha256Digest(pulled.configBytes));
      const rec = await this.#writeRecord(pulled, repoDigest);
      let moved = !existed || !existed.repoDigests.includes(repoDigest);
      if (ref.tag) {
        const prev = await catalog.store.tag(referenceString(ref), rec.id);
        moved = moved || prev !== rec.id;
      }
      progress.status(`Digest: ${pulled.digest}`);
      await this.announcer.announce('pull', rec.id, familiarString(ref));
      failed = false;
      return pulled.fetched > 0 || moved;
    } finally {
      await target.release({ failed });
    }
  }

  /** Writes (or updates) the record of a pulled image. */
  async #writeRecord(p: PulledImage, repoDigest: string): Promise<ImageRecord> {
    const { content, layers, store } = this.#catalog;
    const cfg = await content.put(p.configBytes);
    const existing = store.get(cfg.digest);
    if (existing) {
      if (existing.repoDigests.includes(repoDigest)) return existing;
      const updated = { ...existing, repoDigests: [...existing.repoDigests, repoDigest] };
      await store.put(updated);
      return updated;
    }
    let size = 0;
    for (const l of p.layers) size += (await layers.get(l.diffId))?.size ?? 0;
    const rec: ImageRecord = {
      id: cfg.digest, layers: p.layers, manifest: p.manifest, repoDigests: [repoDigest], size, loaded: new Date().toISOString(),
    };
    await store.put(rec);
    return rec;
  }
}
