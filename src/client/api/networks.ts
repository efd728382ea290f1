/** Network endpoints: `/networks` (list, create, inspect, remove, prune, connect, disconnect). */
import type { Transport } from '../transport.js';

export interface IpamConfigWire { Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }

/** Docker's Network object, as the daemon sends it. */
export interface NetworkSummary {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv4?: boolean;
  EnableIPv6: boolean;
  Internal: boolean;
  Labels: Record<string, string> | null;
  [key: string]: unknown;
}

export interface NetworkCreateBody {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network: string };
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver: string; Options: Record<string, string>; Config: IpamConfigWire[] };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

export interface NetworkPruneReport { NetworksDeleted: string[] | null }

type FilterJson = Record<string, Record<string, boolean>>;

const filtersQuery = (f: FilterJson | undefined) => (f && Object.keys(f).length > 0 ? JSON.stringify(f) : undefined);
const path = (id: string) => `/networks/${encodeURIComponent(id)}`;

/** `GET /networks?filters=`. */
export async function listNetworks(t: Transport, filters?: FilterJson): Promise<NetworkSummary[]> {
  return (await t.json<NetworkSummary[] | null>({ method: 'GET', path: '/networks', query: { filters: filtersQuery(filters) } })) ?? [];
}

/** `POST /networks/create`. */
export function createNetwork(t: Transport, body: NetworkCreateBody): Promise<{ Id: string; Warning?: string }> {
  return t.json<{ Id: string; Warning?: string }>({ method: 'POST', path: '/networks/create', json: body });
}

/** `GET /networks/{id}?verbose=`. */
export function inspectNetwork(t: Transport, id: string, verbose = false): Promise<NetworkSummary> {
  return t.json<NetworkSummary>({ method: 'GET', path: path(id), query: { verbose: verbose || undefined } });
}

/** `DELETE /networks/{id}`. */
export async function removeNetwork(t: Transport, id: string): Promise<void> {
  await t.call({ method: 'DELETE', path: path(id) });
}

/** `POST /networks/prune?filters=`. */
export function pruneNetworks(t: Transport, filters?: FilterJson): Promise<NetworkPruneReport> {
  return t.json<NetworkPruneReport>({ method: 'POST', path: '/networks/prune', query: { filters: filtersQuery(filters) } });
}

/** `POST /networks/{id}/connect` or `/disconnect` with `{Container, ...}`. */
export async function networkEndpoint(t: Transport, op: 'connect' | 'disconnect', id: string, body: Record<string, unknown>): Promise<void> {
  await t.call({ method: 'POST', path: `${path(id)}/${op}`, json: body });
}
