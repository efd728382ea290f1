/**
 * What an image archive holds, read from its index files: `manifest.json` (docker-archive: Docker's
 * `save`, podman's `save`), else `index.json` (OCI image layout), else `repositories` (a legacy,
 * pre-1.10 `docker save`: legacy-plan.ts makes the configs). Only names and digests are
 * resolved here; the layers are unpacked and verified against the config's diffIDs by the loader.
 */
import type { Digest } from '../oci/digest.js';
import { digestHex } from '../oci/digest.js';
import type { Descriptor } from '../oci/descriptor.js';
import { parseManifest, type Index } from '../oci/manifest.js';
import { isIndexType } from '../oci/media-types.js';
import { hostPlatform } from '../oci/platform.js';
import type { ContentProvider } from '../content/store.js';
import { parseNormalizedNamed, referenceString, InvalidReferenceError } from '../reference/reference.js';
import { InvalidArchiveError, memberBytes, type ArchiveFiles, type ArchiveMember } from './archive-read.js';
import { isLegacyArchive, planLegacy } from './legacy-plan.js';

/** One image to load: its config blob, layer blobs (base first) and fully qualified tags. */
export interface LoadImage {
  config: ArchiveMember;
  layers: ArchiveMember[];
  tags: string[];
  /** The image's parent (legacy archives: the image of the parent layer, planned before it). */
  parent?: Digest;
  /** Whether to print "Loaded image[ ID]: …" lines (default true; Docker prints none for legacy archives). */
  announce?: boolean;
  /** Progress IDs of the layers (default: short diffIDs; legacy archives: short v1 layer IDs). */
  layerIds?: string[];
}

const MAX_JSON = 16 * 1024 * 1024;

async function readJson<T>(content: ContentProvider, info: ArchiveMember, what: string): Promise<T> {
  if (info.size > MAX_JSON) throw new InvalidArchiveError(`${what} is larger than ${MAX_JSON} bytes`);
  try {
    return JSON.parse((await memberBytes(content, info)).toString('utf8')) as T;
  } catch (e) {
    throw new InvalidArchiveError(`invalid ${what}: ${(e as Error).message}`);
  }
}

/** The images of an archive, in archive order. */
export async function planLoad(content: ContentProvider, a: ArchiveFiles): Promise<LoadImage[]> {
  const dm = a.files.get('manifest.json');
  if (dm) return planDockerArchive(content, a, dm);
  const index = a.files.get('index.json');
  if (index) return planOciLayout(content, a, index);
  if (isLegacyArchive(a)) return planLegacy(content, a);
  throw new InvalidArchiveError('invalid archive: it has neither manifest.json nor index.json (nor a legacy repositories file)');
}

interface DockerManifestItem { Config?: string; RepoTags?: string[] | null; Layers?: string[] }

async function planDockerArchive(content: ContentProvider, a: ArchiveFiles, info: ArchiveMember): Promise<LoadImage[]> {
  const items = await readJson<DockerManifestItem[]>(content, info, 'manifest.json');
  if (!Array.isArray(items)) throw new InvalidArchiveError('invalid manifest.json: not a list');
  return items.map((item) => {
    const config = member(a, item.Config);
    const layers = (item.Layers ?? []).map((l) => member(a, l));
    return { config, layers, tags: (item.RepoTags ?? []).map(fullTag) };
  });
}

function member(a: ArchiveFiles, name: unknown): ArchiveMember {
  if (typeof name !== 'string') throw new InvalidArchiveError('invalid manifest.json: a path is not a string');
  const info = a.files.get(name.replace(/^(\.\/)+/, ''));
  if (!info) throw new InvalidArchiveError(`invalid archive: ${name} is listed but missing`);
  return info;
}

function fullTag(t: string): string {
  try {
    const ref = parseNormalizedNamed(t);
    if (ref.digest) throw new InvalidReferenceError();
    return referenceString({ ...ref, tag: ref.tag ?? 'latest' });
  } catch {
    throw new InvalidArchiveError(`invalid tag ${JSON.stringify(t)} in archive`);
  }
}

/** The blob an OCI descriptor names, checked against the member `blobs/sha256/<hex>`. */
function blob(a: ArchiveFiles, d: Descriptor): ArchiveMember {
  const info = a.files.get(`blobs/sha256/${digestHex(d.digest)}`);
  if (!info) throw new InvalidArchiveError(`invalid archive: blob ${d.digest} is missing`);
  if (info.digest !== d.digest) throw new InvalidArchiveError(`invalid archive: blob ${d.digest} has digest ${info.digest}`);
  if (info.size !== d.size) throw new InvalidArchiveError(`invalid archive: blob ${d.digest} has ${info.size} bytes, not ${d.size}`);
  return info;
}

async function planOciLayout(content: ContentProvider, a: ArchiveFiles, info: ArchiveMember): Promise<LoadImage[]> {
  const index = await readJson<Index>(content, info, 'index.json');
  if (!index || !Array.isArray(index.manifests)) throw new InvalidArchiveError('invalid index.json: no manifests');
  const out: LoadImage[] = [];
  for (const d of index.manifests) {
    const img = await ociImage(content, a, d, 0);
    if (!img) continue;
    const name = d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'];
    const tag = name && /[/:]/.test(name) ? tryFullTag(name) : undefined;
    const same = out.find((o) => o.config.digest === img.config.digest);
    if (same) same.tags.push(...(tag ? [tag] : []));
    else out.push({ ...img, tags: tag ? [tag] : [] });
  }
  return out;
}

function tryFullTag(t: string): string | undefined {
  try { return fullTag(t); } catch { return undefined; }
}

/** Follows an index to the manifest for this host; a manifest gives its config and layers. */
async function ociImage(content: ContentProvider, a: ArchiveFiles, d: Descriptor, depth: number): Promise<Omit<LoadImage, 'tags'> | undefined> {
  if (depth > 4) throw new InvalidArchiveError('invalid archive: indexes nest too deep');
  const info = blob(a, d);
  if (info.size > MAX_JSON) throw new InvalidArchiveError(`manifest ${d.digest} is too large`);
  let parsed;
  try {
    parsed = parseManifest(await memberBytes(content, info), d.mediaType);
  } catch (e) {
    throw new InvalidArchiveError(`invalid manifest ${d.digest}: ${(e as Error).message}`);
  }
  if (parsed.kind === 'manifest') return { config: blob(a, parsed.value.config), layers: parsed.value.layers.map((l) => blob(a, l)) };
  const host = hostPlatform();
  const pick = parsed.value.manifests.find((m) => !isIndexType(m.mediaType) && (!m.platform || (m.platform.os === host.os && m.platform.architecture === host.architecture)))
    ?? parsed.value.manifests.find((m) => isIndexType(m.mediaType));
  return pick ? ociImage(content, a, pick, depth + 1) : undefined;
}

export type { Digest };
