/**
 * How a container is attached to networks, in Docker's shapes: `EndpointSettings` is one entry of
 * inspect's `NetworkSettings.Networks` (Engine API v1.50), `PortMap` is `NetworkSettings.Ports`.
 * The container record keeps these (`ContainerRecord.NetworkSettings`): the requested part
 * (IPAMConfig, Links, Aliases, MacAddress, DriverOpts) from create or connect for as long as the
 * container is on the network, the operational part (IDs, addresses, DNSNames) only while it runs.
 */

export interface EndpointIpamConfig {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[];
}

export interface EndpointSettings {
  IPAMConfig: EndpointIpamConfig | null;
  Links: string[] | null;
  /** The user's aliases (`--network-alias`, connect `--alias`); API 1.45+ no longer adds the short ID. */
  Aliases: string[] | null;
  /** The requested MAC (`--mac-address`) while stopped, the interface's while running. */
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  GwPriority: number;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  /** Names this endpoint answers to on the network's DNS: the container name, its aliases, the short ID. */
  DNSNames: string[] | null;
}

/** One host binding of a container port (`0.0.0.0`, `8080`). */
export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/** Keyed `80/tcp`; null for a port that is exposed but not published. */
export type PortMap = Record<string, PortBinding[] | null>;

/** What the container record keeps of its networking. */
export interface ContainerNetworkState {
  /** Keyed by network name, in the order joined. */
  Networks: Record<string, EndpointSettings>;
  /** The network namespace file while the container runs on a bridge network ('' otherwise). */
  SandboxKey: string;
  /** The published ports while it runs (random host ports resolved), empty otherwise. */
  Ports: PortMap;
}

/** An endpoint with only its requested part set. */
export function requestedEndpoint(req: Partial<EndpointSettings> = {}): EndpointSettings {
  return {
    IPAMConfig: req.IPAMConfig ?? null, Links: req.Links ?? null, Aliases: req.Aliases ?? null,
    MacAddress: req.MacAddress ?? '', DriverOpts: req.DriverOpts ?? null, GwPriority: req.GwPriority ?? 0,
    NetworkID: req.NetworkID ?? '', EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '',
    GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: null,
  };
}

/** The endpoint as it is once the container stopped: the operational part cleared. */
export function detachedEndpoint(ep: EndpointSettings): EndpointSettings {
  return { ...requestedEndpoint(ep), NetworkID: ep.NetworkID };
}
