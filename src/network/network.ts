/**
 * A network as Docker's `GET /networks/{id}` shows it (Engine API v1.50's Network object): every
 * field present, empty when unset. The store keeps this record as it is; `Containers` stays empty
 * until containers join networks.
 */

/** One IPAM pool: Docker's IPAMConfig. Optional keys are left out when unset, as Docker leaves them. */
export interface IpamConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

export interface Ipam {
  Driver: string;
  Options: Record<string, string> | null;
  Config: IpamConfig[];
}

export interface NetworkEndpoint {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

export interface Network {
  Name: string;
  Id: string;
  /** RFC 3339 with nanoseconds, UTC. */
  Created: string;
  Scope: 'local';
  Driver: string;
  EnableIPv4: boolean;
  EnableIPv6: boolean;
  IPAM: Ipam;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers: Record<string, NetworkEndpoint>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** `POST /networks/create`'s body (Docker's NetworkCreateRequest). */
export interface NetworkCreateRequest {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network?: string } | null;
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Options?: Record<string, string> | null; Config?: IpamConfig[] | null } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  CheckDuplicate?: boolean;
}

/** The drivers of the predefined networks, and the one driver user networks may have. */
export const BRIDGE_DRIVER = 'bridge';
export const HOST_DRIVER = 'host';
export const NULL_DRIVER = 'null';

/** Names Docker reserves for its predefined networks. */
export const PREDEFINED_NAMES = ['bridge', 'host', 'none'] as const;

export function isPredefined(name: string): boolean {
  return (PREDEFINED_NAMES as readonly string[]).includes(name);
}
