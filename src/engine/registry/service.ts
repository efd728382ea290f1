/**
 * Registry operations that are not image transfers: `POST /auth` (login check), `GET
 * /images/search` (v1 search, filtered here as dockerd filters), and `GET /distribution/{name}/json`
 * (what a reference names, without pulling it).
 */
import type { RegistryClient } from '../../distribution/client/client.js';
import type { RegistryAuth, LoginReport, SearchOptions, SearchResult, DistributionInspect, RegistryEngine } from '../engine.js';
import { Repository } from '../../distribution/client/repository.js';
import { parseManifest } from '../../oci/manifest.js';
import { parseNormalizedNamed, referenceString } from '../../reference/reference.js';
import type { Platform } from '../../oci/platform.js';
import { readBody } from '../../distribution/client/transport.js';
import { RegistryContentError } from '../../distribution/client/errors.js';
import { InvalidArgumentError } from '../errors.js';

const SEARCH_FILTERS = new Set(['stars', 'is-automated', 'is-official']);

/** Docker's boolean filter values. */
function bool(key: string, v: string): boolean {
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(v)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(v)) return false;
  throw new InvalidArgumentError(`invalid filter '${key}=${v}'`);
}

export class RegistryService implements RegistryEngine {
  constructor(private readonly client: RegistryClient) {}

  async login(server: string, auth: RegistryAuth): Promise<LoginReport> {
    const r = await this.client.login(server, auth);
    return { Status: r.status, IdentityToken: r.identityToken };
  }

  async search(o: SearchOptions): Promise<SearchResult[]> {
    const limit = o.limit ?? 25;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidArgumentError(`Limit ${o.limit} is outside the range of [1, 100]`);
    const filters = o.filters ?? new Map<string, string[]>();
    for (const k of filters.keys()) if (!SEARCH_FILTERS.has(k)) throw new InvalidArgumentError(`invalid filter '${k}'`);
    let minStars = 0;
    for (const v of filters.get('stars') ?? []) {
      const n = Number(v);
      if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`invalid filter 'stars=${v}'`);
      minStars = Math.max(minStars, n);
    }
    const official = filters.get('is-official')?.map((v) => bool('is-official', v));
    const automated = filters.get('is-automated')?.map((v) => bool('is-automated', v));
    const results = await this.client.search(o.term, limit, o.auth);
    return results.filter((r) => r.star_count >= minStars
      && (!official || official.every((w) => r.is_official === w))
      && (!automated || automated.every((w) => r.is_automated === w)));
  }

  async distribution(name: string, auth?: RegistryAuth): Promise<DistributionInspect> {
    let ref;
    try {
      ref = parseNormalizedNamed(name);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
    const repo = new Repository(this.client.session(ref.domain, auth), ref.path);
    const m = await repo.manifest(ref.digest ?? ref.tag ?? 'latest');
    let parsed;
    try {
      parsed = parseManifest(m.bytes, m.mediaType || undefined);
    } catch (e) {
      throw new RegistryContentError(`invalid manifest for ${referenceString(ref)}: ${(e as Error).message}`);
    }
    const Descriptor = { mediaType: parsed.mediaType, digest: m.digest, size: m.bytes.length };
    if (parsed.kind === 'index') {
      return { Descriptor, Platforms: parsed.value.manifests.filter((d) => d.platform).map((d) => d.platform as Platform) };
    }
    const cfg = await repo.blob(parsed.value.config.digest);
    const config = JSON.parse((await readBody(cfg.body, 16 << 20, 'image config')).toString('utf8')) as { os?: string; architecture?: string; variant?: string };
    const p: Platform = { architecture: config.architecture ?? '', os: config.os ?? '', ...(config.variant ? { variant: config.variant } : {}) };
    return { Descriptor, Platforms: [p] };
  }
}
