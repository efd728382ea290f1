/**
 * The `--format` context of `ps` (docker's formatter.ContainerContext): one object per container
 * whose methods are the template fields (`{{.ID}}`, `{{.Label "x"}}`), truncating like docker unless
 * `--no-trunc`, and the matching header titles.
 */
import type { ContainerSummary } from '../../client/api/types.js';
import { shortId } from '../../oci/digest.js';
import { familiarString, parseNormalizedNamed } from '../../reference/reference.js';
import { displayablePorts } from './ports.js';
import { ellipsis, goQuote } from './quote.js';
import { TYPE_NAME } from './template/exec.js';
import { goTimeString, timeAgo } from './time.js';
import { humanSize } from '../../util/go-units.js';

/** `docker ps`'s default table. */
export const DEFAULT_PS_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

/** Header titles of the `ps` fields. */
export const containerHeader = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED',
  Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS',
  Mounts: 'MOUNTS', LocalVolumes: 'LOCAL VOLUMES', Networks: 'NETWORKS', Platform: 'PLATFORM',
  Label: (name: unknown): string => (String(name).split('.').pop() ?? '').replace(/[-_]/g, ' '),
};

const JSON_FIELDS = ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks',
  'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status'] as const;

/** Go's json.Marshal escapes <, > and & in strings. */
export function goMarshal(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** One container as template data. */
export class ContainerContext {
  readonly [TYPE_NAME] = '*formatter.ContainerContext';
  readonly Platform = null;
  constructor(readonly c: ContainerSummary, readonly trunc: boolean, readonly nowMs = Date.now()) {}

  ID(): string {
    return this.trunc ? shortId(this.c.Id) : this.c.Id;
  }

  Image(): string {
    const image = this.c.Image ?? '';
    if (image === '') return '<no image>';
    if (!this.trunc) return image;
    if (this.c.ImageID && shortId(this.c.ImageID) === shortId(image)) return shortId(image);
    try {
      const r = parseNormalizedNamed(image);
      return familiarString({ domain: r.domain, path: r.path, ...(r.tag ? { tag: r.tag } : {}) });
    } catch {
      return image;
    }
  }

  Command(): string {
    const cmd = this.c.Command ?? '';
    return goQuote(this.trunc ? ellipsis(cmd, 20) : cmd);
  }

  CreatedAt(): string {
    return goTimeString(this.c.Created ?? 0);
  }

  RunningFor(): string {
    return timeAgo(this.c.Created ?? 0, this.nowMs);
  }

  Ports(): string {
    return displayablePorts(this.c.Ports ?? []);
  }

  State(): string {
    return this.c.State ?? '';
  }

  Status(): string {
    return this.c.Status ?? '';
  }

  Size(): string {
    const rw = humanSize(this.c.SizeRw ?? 0, 3);
    const root = this.c.SizeRootFs ?? 0;
    return root > 0 ? `${rw} (virtual ${humanSize(root, 3)})` : rw;
  }

  Names(): string {
    const names = (this.c.Names ?? []).map((n) => n.replace(/^\//, ''));
    if (this.trunc) {
      const plain = names.find((n) => !n.includes('/'));
      if (plain !== undefined) return plain;
    }
    return names.join(',');
  }

  Labels(): string {
    const l = this.c.Labels ?? {};
    return Object.keys(l).sort().map((k) => `${k}=${l[k]}`).join(',');
  }

  Label(name: unknown): string {
    return this.c.Labels?.[String(name)] ?? '';
  }

  Mounts(): string {
    return (this.c.Mounts ?? []).map((m) => {
      const n = m.Name || m.Source || '';
      return this.trunc ? ellipsis(n, 15) : n;
    }).join(',');
  }

  LocalVolumes(): string {
    return String((this.c.Mounts ?? []).filter((m) => (m as { Driver?: string }).Driver === 'local').length);
  }

  Networks(): string {
    return Object.keys(this.c.NetworkSettings?.Networks ?? {}).sort().join(',');
  }

  /** docker's MarshalJSON: every field, as strings, keys sorted. */
  marshalJSON(): string {
    const o: Record<string, unknown> = {};
    for (const k of JSON_FIELDS) o[k] = k === 'Platform' ? null : this[k]();
    return goMarshal(o);
  }
}
