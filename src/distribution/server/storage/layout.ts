/**
 * Where everything lives under the registry root. One place for paths, so storage modules and GC agree.
 *
 * ```
 * <root>/blobs/sha256/<hh>/<hex>                     blob bytes (layers, configs, manifests), shared by all repos
 * <root>/uploads/<id>/{data,info.json}               upload sessions (never visible as blobs until committed)
 * <root>/trash/<hex>                                 blobs GC is about to delete (restorable by a racing push)
 * <root>/repositories/<name>/_layers/<hex>           "this repo may serve blob <hex>" (empty file)
 * <root>/repositories/<name>/_manifests/revisions/<hex>   manifest record (JSON: mediaType, size, subject…)
 * <root>/repositories/<name>/_manifests/tags/<tag>   the tag's manifest digest (text)
 * <root>/repositories/<name>/_referrers/<subject-hex>/<hex>  referrer descriptor (JSON)
 * ```
 * Repository path components never start with `_`, so the `_` directories cannot collide with names.
 */
import { join } from 'node:path';
import { type Digest, digestHex } from '../../../oci/digest.js';

/** Path arithmetic for one registry root. Pure: no I/O. */
export class Layout {
  readonly root: string;
  constructor(root: string) {
    this.root = root;
  }
  get blobsDir(): string {
    return join(this.root, 'blobs', 'sha256');
  }
  blobPath(d: Digest): string {
    const hex = digestHex(d);
    return join(this.blobsDir, hex.slice(0, 2), hex);
  }
  get uploadsDir(): string {
    return join(this.root, 'uploads');
  }
  uploadDir(id: string): string {
    return join(this.uploadsDir, id);
  }
  get trashDir(): string {
    return join(this.root, 'trash');
  }
  trashPath(d: Digest): string {
    return join(this.trashDir, digestHex(d));
  }
  get reposDir(): string {
    return join(this.root, 'repositories');
  }
  repoDir(name: string): string {
    return join(this.reposDir, ...name.split('/'));
  }
  layersDir(name: string): string {
    return join(this.repoDir(name), '_layers');
  }
  layerLink(name: string, d: Digest): string {
    return join(this.layersDir(name), digestHex(d));
  }
  revisionsDir(name: string): string {
    return join(this.repoDir(name), '_manifests', 'revisions');
  }
  revisionPath(name: string, d: Digest): string {
    return join(this.revisionsDir(name), digestHex(d));
  }
  tagsDir(name: string): string {
    return join(this.repoDir(name), '_manifests', 'tags');
  }
  tagPath(name: string, tag: string): string {
    return join(this.tagsDir(name), tag);
  }
  referrersDir(name: string, subject: Digest): string {
    return join(this.repoDir(name), '_referrers', digestHex(subject));
  }
  referrerPath(name: string, subject: Digest, d: Digest): string {
    return join(this.referrersDir(name, subject), digestHex(d));
  }
}

/** `sha256:<hex>` from a 64-hex file name, or undefined for anything else (temp files, junk). */
export function digestFromHex(name: string): Digest | undefined {
  return /^[a-f0-9]{64}$/.test(name) ? (`sha256:${name}` as Digest) : undefined;
}
