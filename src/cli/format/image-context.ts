/**
 * The `--format` context of `images` (docker's formatter imageContext): one row per repository:tag
 * (and per digest with `--digests`), dangling images as `<none>`, sizes in decimal units.
 */
import type { ImageSummary } from '../../client/api/types.js';
import { shortId } from '../../oci/digest.js';
import { familiarName, parseNormalizedNamed } from '../../reference/reference.js';
import { goMarshal } from './container-context.js';
import { TYPE_NAME } from './template/exec.js';
import { goTimeString, timeAgo } from './time.js';
import { humanSize } from '../../util/go-units.js';

/** `docker images`' default table, without and with digests. */
export const DEFAULT_IMAGES_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
export const DIGESTS_IMAGES_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';

/** Header titles of the `images` fields. */
export const imageHeader = {
  ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
  Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
};

const JSON_FIELDS = ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag',
  'UniqueSize', 'VirtualSize'] as const;

/** One image row as template data. */
export class ImageContext {
  readonly [TYPE_NAME] = '*formatter.imageContext';
  constructor(
    readonly i: ImageSummary,
    readonly row: { repo: string; tag: string; digest: string },
    readonly trunc: boolean,
    readonly nowMs = Date.now(),
  ) {}

  ID(): string {
    return this.trunc ? shortId(this.i.Id) : this.i.Id;
  }
  Repository(): string {
    return this.row.repo;
  }
  Tag(): string {
    return this.row.tag;
  }
  Digest(): string {
    return this.row.digest;
  }
  CreatedSince(): string {
    return timeAgo(this.i.Created, this.nowMs);
  }
  CreatedAt(): string {
    return goTimeString(this.i.Created);
  }
  Size(): string {
    return humanSize(this.i.Size, 3);
  }
  Containers(): string {
    const n = this.i.Containers ?? -1;
    return n === -1 ? 'N/A' : String(n);
  }
  VirtualSize(): string {
    return humanSize(this.i.Size);
  }
  SharedSize(): string {
    const s = this.i.SharedSize ?? -1;
    return s === -1 ? 'N/A' : humanSize(s);
  }
  UniqueSize(): string {
    const s = this.i.SharedSize ?? -1;
    return s === -1 || this.i.Size === -1 ? 'N/A' : humanSize(this.i.Size - s);
  }

  /** docker's MarshalJSON: every field as a string, keys sorted, HTML-escaped. */
  marshalJSON(): string {
    const o: Record<string, string> = {};
    for (const k of JSON_FIELDS) o[k] = this[k]();
    return goMarshal(o);
  }
}

/** docker's isDangling: no tags and digests, or only `<none>` ones. */
export function isDangling(img: ImageSummary): boolean {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  if (tags.length === 0 && digests.length === 0) return true;
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>';
}

function group(refs: readonly string[], pick: 'tag' | 'digest'): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const s of refs) {
    try {
      const r = parseNormalizedNamed(s);
      const v = pick === 'tag' ? r.tag : r.digest;
      if (v === undefined) continue;
      const name = familiarName(r);
      m.set(name, [...(m.get(name) ?? []), v]);
    } catch {
      /* skip references that do not parse, as docker does */
    }
  }
  return m;
}

/** Expands one image into its rows (docker's imageFormatTaggedAndDigest). */
export function imageRows(img: ImageSummary, showDigests: boolean): Array<{ repo: string; tag: string; digest: string }> {
  if (isDangling(img)) return [{ repo: '<none>', tag: '<none>', digest: '<none>' }];
  const tags = group(img.RepoTags ?? [], 'tag');
  const digests = group(img.RepoDigests ?? [], 'digest');
  const rows: Array<{ repo: string; tag: string; digest: string }> = [];
  for (const [repo, ts] of tags) {
    const ds = showDigests ? (digests.get(repo) ?? []) : [];
    digests.delete(repo);
    for (const tag of ts) {
      if (ds.length === 0) rows.push({ repo, tag, digest: '<none>' });
      else for (const digest of ds) rows.push({ repo, tag, digest });
    }
  }
  for (const [repo, ds] of digests) {
    if (showDigests) for (const digest of ds) rows.push({ repo, tag: '<none>', digest });
    else rows.push({ repo, tag: '<none>', digest: '' });
  }
  return rows;
}
