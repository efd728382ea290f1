/**
 * docker's volume formatter (cli/command/formatter/volume.go): the `volume ls` and `system df -v`
 * rows. Links and Size come only with UsageData (`system df`), "N/A" elsewhere; the cluster fields
 * (Group, Availability, Status) are "N/A" on a local engine.
 */
import type { VolumeSummary } from '../../client/api/volumes.js';
import { humanSize } from '../../util/go-units.js';
import { TYPE_NAME } from './template/exec.js';
import { containerHeader, goMarshal } from './container-context.js';

export const DEFAULT_VOLUME_TABLE = 'table {{.Driver}}\t{{.Name}}';
export const VOLUME_QUIET_FORMAT = '{{.Name}}';

export const volumeHeader = {
  Name: 'VOLUME NAME', Group: 'GROUP', Driver: 'DRIVER', Scope: 'SCOPE', Availability: 'AVAILABILITY', Mountpoint: 'MOUNTPOINT',
  Labels: 'LABELS', Links: 'LINKS', Size: 'SIZE', Status: 'STATUS',
  Label: containerHeader.Label,
};

const JSON_FIELDS = ['Availability', 'Driver', 'Group', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size', 'Status'] as const;

/** One volume as template data. */
export class VolumeContext {
  readonly [TYPE_NAME] = '*formatter.volumeContext';
  constructor(readonly v: VolumeSummary) {}

  Name(): string { return this.v.Name; }
  Driver(): string { return this.v.Driver; }
  Scope(): string { return this.v.Scope; }
  Mountpoint(): string { return this.v.Mountpoint; }
  Group(): string { return 'N/A'; }
  Availability(): string { return 'N/A'; }
  Status(): string { return 'N/A'; }
  /** `k=v` pairs, comma-joined (sorted: Go's map order is random, so any order is docker's). */
  Labels(): string {
    return Object.entries(this.v.Labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
  }
  Label(name: unknown): string { return this.v.Labels?.[String(name)] ?? ''; }
  Links(): string { return this.v.UsageData ? String(this.v.UsageData.RefCount) : 'N/A'; }
  Size(): string { return this.v.UsageData ? humanSize(this.v.UsageData.Size, 4) : 'N/A'; }

  /** docker's MarshalJSON: every field as a string, keys sorted. */
  marshalJSON(): string {
    const o: Record<string, string> = {};
    for (const k of JSON_FIELDS) o[k] = this[k]();
    return goMarshal(o);
  }
}
