/**
 * `docker import` (`POST /images/create?fromSrc=`): one layer from a (possibly compressed) root
 * filesystem tarball, from the request body or a URL. A URL is fetched with a connect/answer
 * timeout and a size cap; a failure before the first byte is an HTTP error as in Docker
 * ("failed to GET <url> with status 404 …"), later ones arrive in the progress stream.
 */
import { Readable, Transform } from 'node:stream';
import type { Digest } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';
import type { Manifest } from '../../oci/manifest.js';
import { hostPlatform } from '../../oci/platform.js';
import { parseNormalizedNamed, referenceString, familiarString, InvalidReferenceError } from '../../reference/reference.js';
import type { ContentStore } from '../../content/store.js';
import type { LayerStore } from '../../snapshot/layer-store.js';
import type { ImageStore } from '../../image/store.js';
import type { ImageRecord } from '../../image/record.js';
import type { ImportOptions } from '../engine.js';
import { InternalError, InvalidArgumentError, NotFoundError } from '../errors.js';
import { applyChanges } from './changes.js';

/** How long a URL may take to answer (headers), and how much it may send. */
export interface UrlLimits { timeoutMs: number; maxBytes: number }

export const URL_LIMITS: UrlLimits = { timeoutMs: 60_000, maxBytes: 16 * 1024 ** 3 };

export interface ImportStores { content: ContentStore; layers: LayerStore; store: ImageStore }

/** An imported image and, when it was tagged, the tag's familiar name as given (what events show). */
export interface Imported { record: ImageRecord; tagged?: string }

/**
 * Imports the tar `open` gives (called once the options are checked) as one image; `source` names
 * it in the history comment.
 */
export async function importImage(s: ImportStores, open: () => Promise<Readable>, source: string, o: ImportOptions): Promise<Imported> {
  const target = o.repo ? importTarget(o.repo, o.tag) : undefined;
  const changed = applyChanges({}, o.changes ?? []);
  const blob = await s.content.ingest(await open());
  try {
    const { layer, result } = await s.layers.apply(await s.content.read(blob.digest));
    const created = new Date().toISOString();
    const config = importConfig(changed, layer.diffId, created, o.message ?? `Imported from ${source}`);
    const cfg = await s.content.put(Buffer.from(JSON.stringify(config)));
    const layerType = result?.compression === 'gzip' ? MediaType.dockerLayerGzip : MediaType.dockerLayer;
    const manifest: Manifest = {
      schemaVersion: 2, mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, digest: cfg.digest, size: cfg.size },
      layers: [{ mediaType: layerType, digest: blob.digest, size: blob.size }],
    };
    const m = await s.content.put(Buffer.from(JSON.stringify(manifest)));
    const rec: ImageRecord = {
      id: cfg.digest, layers: [{ diffId: layer.diffId, blob: manifest.layers[0] }],
      manifest: { mediaType: MediaType.dockerManifest, digest: m.digest, size: m.size },
      repoDigests: [], size: layer.size, loaded: created,
    };
    await s.store.put(rec);
    if (target) await s.store.tag(target.full, rec.id);
    return { record: rec, ...(target ? { tagged: target.name } : {}) };
  } catch (e) {
    await s.content.delete(blob.digest);
    throw e;
  }
}

/** Fetches an import URL; throws Docker's errors for a bad URL, a refused connection or a non-2xx answer. */
export async function fetchImportUrl(src: string, onBytes?: (n: number, total: number) => void, limits: UrlLimits = URL_LIMITS): Promise<Readable> {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(src) ? src : `http://${src}`);
  } catch {
    throw new InvalidArgumentError(`invalid URL: ${src}`);
  }
  const resp = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs) }).catch((e: unknown) => {
    throw new InternalError(`Get "${url.href}": ${dialError(url, e)}`, { cause: e });
  });
  if (!resp.ok || !resp.body) {
    const body = (await resp.text().catch(() => '')).slice(0, 64 * 1024);
    const message = `failed to GET ${url.href} with status ${resp.status} ${resp.statusText}: ${body}`;
    throw resp.status === 404 ? new NotFoundError(message) : new InternalError(message);
  }
  const total = Number(resp.headers.get('content-length') ?? 0);
  const body = Readable.fromWeb(resp.body as import('node:stream/web').ReadableStream);
  const capped = sizeCap(limits.maxBytes, (n) => onBytes?.(n, total));
  body.once('error', (e) => capped.destroy(e));
  capped.once('close', () => body.destroy());
  return body.pipe(capped);
}

/** Go's wording for the connection errors users see most. */
function dialError(url: URL, e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const addr = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (cause?.code === 'ECONNREFUSED') return `dial tcp ${addr}: connect: connection refused`;
  if (cause?.code === 'ENOTFOUND') return `dial tcp: lookup ${url.hostname}: no such host`;
  if ((e as Error)?.name === 'TimeoutError') return `net/http: timeout awaiting response headers`;
  return cause?.message ?? (e as Error)?.message ?? String(e);
}

/** Passes bytes through, reporting the count (at most every 100 ms, and at the end), and fails past `max` bytes. */
function sizeCap(max: number, report: (n: number) => void): Transform {
  let seen = 0;
  let last = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) return cb(new InvalidArgumentError(`import source is larger than ${max} bytes`));
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        report(seen);
      }
      cb(null, chunk);
    },
    flush(cb) {
      report(seen);
      cb();
    },
  });
}

function importTarget(repo: string, tag?: string): { full: string; name: string } {
  try {
    const ref = parseNormalizedNamed(tag ? `${repo}:${tag}` : repo);
    if (ref.digest) throw new InvalidArgumentError('cannot import digest reference');
    return { full: referenceString({ ...ref, tag: ref.tag ?? 'latest' }), name: familiarString(ref) };
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

function importConfig(defaults: ContainerDefaults, diffId: Digest, created: string, comment: string): ImageConfig {
  const { os, architecture } = hostPlatform();
  return {
    architecture, os, created, comment,
    config: { ...defaults },
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created, comment }],
  };
}
