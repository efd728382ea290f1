/**
 * docker's network formatter (cli/command/formatter/network.go): the `network ls` rows. The ID is
 * cut to 12 characters unless `--no-trunc`; booleans print as Go prints them; CreatedAt as Go's
 * time.String.
 */
import type { NetworkSummary } from '../../client/api/networks.js';
import { TYPE_NAME } from './template/exec.js';
import { containerHeader, goMarshal } from './container-context.js';

export const DEFAULT_NETWORK_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';
export const NETWORK_QUIET_FORMAT = '{{.ID}}';

export const networkHeader = {
  ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv4: 'IPV4', IPv6: 'IPV6', Internal: 'INTERNAL',
  Labels: 'LABELS', CreatedAt: 'CREATED AT', Label: containerHeader.Label,
};

const JSON_FIELDS = ['CreatedAt', 'Driver', 'ID', 'IPv4', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope'] as const;

/** RFC 3339 (with nanoseconds) as Go's time.String in UTC: `2026-12-02 04:54:06.292311764 +0000 UTC`. */
export function goTimeFromRfc3339(s: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(s);
  if (!m) return s;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${frac === '.' ? '' : frac} +0000 UTC`;
}

/** One network as template data. */
export class NetworkContext {
  readonly [TYPE_NAME] = '*formatter.networkContext';
  constructor(readonly n: NetworkSummary, readonly trunc = true) {}

  ID(): string { return this.trunc ? this.n.Id.slice(0, 12) : this.n.Id; }
  Name(): string { return this.n.Name; }
  Driver(): string { return this.n.Driver; }
  Scope(): string { return this.n.Scope; }
  IPv4(): string { return String(this.n.EnableIPv4 ?? true); }
  IPv6(): string { return String(this.n.EnableIPv6); }
  Internal(): string { return String(this.n.Internal); }
  CreatedAt(): string { return goTimeFromRfc3339(this.n.Created); }
  /** `k=v` pairs, comma-joined (sorted: Go's map order is random, so any order is docker's). */
  Labels(): string {
    return Object.entries(this.n.Labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
  }
  Label(name: unknown): string { return this.n.Labels?.[String(name)] ?? ''; }

  /** docker's MarshalJSON: every field as a string, keys sorted. */
  marshalJSON(): string {
    const o: Record<string, string> = {};
    for (const k of JSON_FIELDS) o[k] = this[k]();
    return goMarshal(o);
  }
}
