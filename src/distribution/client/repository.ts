/**
 * The distribution API of one repository (`../shared/specs/oci-distribution/`): manifests by tag or
 * digest, blobs, uploads (monolithic and chunked, with cross-repository mounts) and tag lists.
 */
import type { Readable } from 'node:stream';
import { type Digest, isDigest, sha256Digest } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { RegistryContentError, RegistryNotFoundError, RegistryStatusError, RegistryUnauthorizedError, RoundTripAuthError } from './errors.js';
import type { RegistrySession } from './session.js';
import { parseChallenge } from './auth.js';
import { familiarString } from '../../reference/reference.js';
import { readBody, type HttpResponse } from './transport.js';

/** Every manifest type Wharf can pull, best first. */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(', ');

/** Largest manifest accepted (distribution's default limit is 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 << 20;

/**
 * The refusal of a Bearer challenge with `error="insufficient_scope"` (the token holds no such access):
 * distribution's client reads it as DENIED, with the challenge's description or DENIED's message.
 */
function deniedScope(res: HttpResponse): string | undefined {
  const h = res.headers['www-authenticate'];
  const c = h ? parseChallenge(h) : undefined;
  if (c?.scheme !== 'bearer' || c.params.error !== 'insufficient_scope') return undefined;
  return c.params.error_description || 'requested access to the resource is denied';
}

export interface FetchedManifest { bytes: Buffer; mediaType: string; digest: Digest }

export class Repository {
  readonly pull: string[];
  readonly push: string[];

  constructor(readonly session: RegistrySession, readonly path: string) {
    this.pull = [`repository:${path}:pull`];
    this.push = [`repository:${path}:pull,push`];
  }

  /** `host/path` as Docker names the repository in messages. */
  get name(): string {
    return `${this.session.domain}/${this.path}`;
  }

  #notFound(ref: string, e: RegistryStatusError): Error {
    const code = e.errors[0]?.code;
    if (code === 'NAME_UNKNOWN') return new RegistryNotFoundError(`repository ${this.name} not found: ${e.message}`, { cause: e });
    const at = isDigest(ref) ? `@${ref}` : `:${ref}`;
    return new RegistryNotFoundError(`manifest for ${this.name}${at} not found: ${e.message || 'manifest unknown'}`, { cause: e });
  }

  /** GET a manifest; verified against `ref` when it is a digest, and size-limited. */
  async manifest(ref: string, scopes = this.pull): Promise<FetchedManifest> {
    const res = await this.session.send({ method: 'GET', path: `/v2/${this.path}/manifests/${ref}`, headers: { Accept: MANIFEST_ACCEPT }, scopes });
    if (res.status !== 200) {
      const denied = res.status === 401 ? deniedScope(res) : undefined;
      const e = await this.session.statusError(res);
      if (denied) throw new RegistryNotFoundError(`pull access denied for ${familiarString({ domain: this.session.domain, path: this.path })}, repository does not exist or may require 'docker login': denied: ${denied}`, { cause: e });
      throw e instanceof RegistryStatusError && res.status === 404 ? this.#notFound(ref, e) : e;
    }
    const declared = Number(res.headers['content-length']);
    if (declared > MAX_MANIFEST_BYTES) {
      // undici's body errors with AbortError when destroyed: unheard, that would crash the daemon.
      res.body.on('error', () => undefined).destroy();
      throw new RegistryContentError(`manifest ${ref} is ${declared} bytes: more than the ${MAX_MANIFEST_BYTES} allowed`);
    }
    const bytes = await readBody(res.body, MAX_MANIFEST_BYTES, `manifest ${ref}`);
    const digest = sha256Digest(bytes);
    if (isDigest(ref) && digest !== ref) throw new RegistryContentError(`manifest verification failed for digest ${ref}`);
    const mediaType = (res.headers['content-type'] ?? '').split(';')[0]!.trim();
    return { bytes, mediaType, digest };
  }

  /**
   * HEAD a manifest, as dockerd looks a tag up first (a HEAD is not counted against the Hub's pull
   * limits, and a digest already here needs no GET): its digest, or undefined when the registry does
   * not say (an error reply too: the GET that follows words it). Missing credentials are named after
   * this request, as Go's url.Error does.
   */
  async manifestDigest(ref: string, scopes = this.pull): Promise<Digest | undefined> {
    const path = `/v2/${this.path}/manifests/${ref}`;
    const res = await this.session.send({ method: 'HEAD', path, headers: { Accept: MANIFEST_ACCEPT }, scopes }).catch(async (e: unknown) => {
      if (!(e instanceof RoundTripAuthError)) throw e;
      throw new RegistryUnauthorizedError(`Head "${(await this.session.endpoint()).base}${path}": ${e.message}`, { cause: e });
    });
    res.body.resume();
    const d = res.headers['docker-content-digest'];
    return res.status === 200 && d && isDigest(d) ? d : undefined;
  }

  /**
   * GET a blob's body (the caller verifies it). A foreign layer the registry lacks is fetched from
   * its descriptor's `urls` (http/https only, the first that answers 200), as dockerd does.
   */
  async blob(digest: Digest, signal?: AbortSignal, urls: string[] = [], offset = 0): Promise<HttpResponse> {
    const res = await this.session.send({
      method: 'GET', path: `/v2/${this.path}/blobs/${digest}`, scopes: this.pull, signal,
      ...(offset > 0 ? { headers: { Range: `bytes=${offset}-` } } : {}), once: true,
    });
    if (res.status === 200 || (offset > 0 && res.status === 206)) return res;
    const e = await this.session.statusError(res);
    for (const url of urls.filter((u) => /^https?:\/\//.test(u))) {
      const r = await this.session.fetchForeign(url, signal).catch(() => undefined);
      if (r?.status === 200) return r;
      r?.body.resume();
    }
    if (res.status === 404) throw new RegistryNotFoundError(`blob ${digest} not found in ${this.name}: ${e.message}`);
    throw e;
  }

  /** Whether the repository has a blob (HEAD). */
  async hasBlob(digest: Digest): Promise<boolean> {
    const res = await this.session.send({ method: 'HEAD', path: `/v2/${this.path}/blobs/${digest}`, scopes: this.push });
    res.body.resume();
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await this.session.statusError(res);
  }

  /**
   * Tries a cross-repository mount from `from` (same registry). True when mounted; otherwise the
   * upload location the registry opened instead (or undefined).
   */
  async mount(digest: Digest, from: string): Promise<{ mounted: true } | { mounted: false; location?: string }> {
    const res = await this.session.send({
      method: 'POST', path: `/v2/${this.path}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`,
      scopes: [...this.push, `repository:${from}:pull`], headers: { 'Content-Length': '0' },
    });
    res.body.resume();
    if (res.status === 201) return { mounted: true };
    if (res.status === 202) return { mounted: false, location: res.headers.location };
    throw await this.session.statusError(res);
  }

  /** Opens an upload session; its location. */
  async startUpload(): Promise<string> {
    const res = await this.session.send({ method: 'POST', path: `/v2/${this.path}/blobs/uploads/`, scopes: this.push, headers: { 'Content-Length': '0' } });
    res.body.resume();
    if (res.status !== 202 || !res.headers.location) throw await this.session.statusError(res);
    return res.headers.location;
  }

  #absolute(location: string): Promise<string> {
    return this.session.endpoint().then((ep) => new URL(location, `${ep.base}/`).toString());
  }

  /** Streams a whole blob into an upload session and closes it with its digest (monolithic PUT). */
  async putBlob(location: string, digest: Digest, size: number, body: Readable): Promise<void> {
    const url = new URL(await this.#absolute(location));
    url.searchParams.set('digest', digest);
    const res = await this.session.send({
      method: 'PUT', path: url.toString(), scopes: this.push, body,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
    });
    res.body.resume();
    if (res.status !== 201) throw await this.session.statusError(res);
  }

  /** Sends one chunk (PATCH with Content-Range); the next location. */
  async patchChunk(location: string, offset: number, chunk: Buffer): Promise<string> {
    const res = await this.session.send({
      method: 'PATCH', path: await this.#absolute(location), scopes: this.push, body: chunk,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(chunk.length), 'Content-Range': `${offset}-${offset + chunk.length - 1}` },
    });
    res.body.resume();
    if (res.status !== 202) throw await this.session.statusError(res);
    return res.headers.location ?? location;
  }

  /** Closes a chunked upload with its digest. */
  async closeUpload(location: string, digest: Digest): Promise<void> {
    const url = new URL(await this.#absolute(location));
    url.searchParams.set('digest', digest);
    const res = await this.session.send({ method: 'PUT', path: url.toString(), scopes: this.push, headers: { 'Content-Length': '0' } });
    res.body.resume();
    if (res.status !== 201) throw await this.session.statusError(res);
  }

  /** PUT a manifest under a tag or its digest; the digest the registry reports. */
  async putManifest(ref: string, mediaType: string, bytes: Buffer): Promise<Digest> {
    const res = await this.session.send({ method: 'PUT', path: `/v2/${this.path}/manifests/${ref}`, scopes: this.push, body: bytes, headers: { 'Content-Type': mediaType } });
    res.body.resume();
    if (res.status !== 201) throw await this.session.statusError(res);
    const d = res.headers['docker-content-digest'];
    return d && isDigest(d) ? d : sha256Digest(bytes);
  }

  /** Every tag (following `Link` pagination). */
  async tags(): Promise<string[]> {
    const out: string[] = [];
    let path: string | undefined = `/v2/${this.path}/tags/list?n=1000`;
    for (let page = 0; path && page < 1000; page++) {
      const res = await this.session.send({ method: 'GET', path, scopes: this.pull });
      if (res.status !== 200) {
        const e = await this.session.statusError(res);
        throw res.status === 404 ? new RegistryNotFoundError(`repository ${this.name} not found: ${e.message}`) : e;
      }
      const doc = JSON.parse((await readBody(res.body, 16 << 20, 'tag list')).toString('utf8')) as { tags?: string[] | null };
      out.push(...(doc.tags ?? []));
      const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.link ?? '');
      path = link?.[1];
    }
    return out;
  }
}
