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
import { RegistryContentError, RegistryNotFoundError } from '../../distribution/client/errors.js';
import { InvalidArgumentError } from '../errors.js';

const SEARCH_FILTERS = new Set(['stars', 'is-automated', 'is-official']);

/** dockerd's boolean search filters: exactly one value, `true` or `false` (Go prints the list: `[maybe]`). */
function bool(key: string, values: string[] | undefined): boolean | undefined {
  if (!values) return undefined;
  if (values.length === 1 && (values[0] === 'true' || values[0] === 'false')) return values[0] === 'true';
  throw new InvalidArgumentError(`Invalid filter '${key}=[${values.join(' ')}]'`);
}

export class RegistryService implements RegistryEngine {
  constructor(private readonly client: RegistryClient) {}

  async login(server: string, auth: RegistryAuth): Promise<LoginReport> {
    const r = await this.client.login(server, auth);
    return { Status: r.status, IdentityToken: r.identityToken };
  }

  async search(o: SearchOptions): Promise<SearchResult[]> {
    // As moby's registry search: 0 is the default, 25; other values must be in 1…100.
    const limit = o.limit || 25;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidArgumentError(`limit ${o.limit} is outside the range of [1, 100]`);
    const filters = o.filters ?? new Map<string, string[]>();
    for (const k of filters.keys()) if (!SEARCH_FILTERS.has(k)) throw new InvalidArgumentError(`Invalid filter '${k}'`);
    let minStars = 0;
    for (const v of filters.get('stars') ?? []) {
      if (!/^[+-]?\d+$/.test(v)) throw new InvalidArgumentError(`Invalid filter 'stars=${v}'`);
      minStars = Math.max(minStars, Number(v));
    }
    const official = bool('is-official', filters.get('is-official'));
    const automated = bool('is-automated', filters.get('is-automated'));
    const results = await this.client.search(o.term, limit, o.auth);
    return results.filter((r) => r.star_count >= minStars
      && (official === undefined || r.is_official === official)
      && (automated === undefined || r.is_automated === automated));
  }

  async distribution(name: string, auth?: RegistryAuth): Promise<DistributionInspect> {
    let ref;
    try {
      ref = parseNormalizedNamed(name);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
    const repo = new Repository(this.client.session(ref.domain, auth), ref.path);
    // dockerd answers an unknown manifest here with the registry's own words only (404).
    const m = await repo.manifest(ref.digest ?? ref.tag ?? 'latest').catch((e: unknown) => {
      throw e instanceof RegistryNotFoundError && e.cause instanceof Error ? new RegistryNotFoundError(e.cause.message) : e;
    });
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
