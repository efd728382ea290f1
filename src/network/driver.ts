/**
 * The network driver seam: attach a container's network namespace to networks and detach it again.
 * The types mirror netavark's JSON schema (netavark 1.4, `src/network/types.rs`) field by field, in
 * netavark's own snake_case, so the netavark driver sends them as they are and callers see exactly
 * what netavark will be told. Optional fields are left out of the JSON when undefined. Fields of
 * newer netavark schemas that 1.4 ignores (`routes`, `container_hostname`), and the IPAM fields that
 * are for the caller's IPAM rather than netavark (`lease_range`, `ipam_options`), are left out.
 */

/** One subnet of a network, in CIDR form (`10.88.0.0/16`). */
export interface NetworkSubnet {
  subnet: string;
  /** The bridge's address in this subnet; absent on networks without a gateway. */
  gateway?: string;
}

/** A network as netavark sees it (netavark's `Network`). */
export interface NetworkDefinition {
  name: string;
  /** 64 hex digits; netavark derives its iptables chain names from it. */
  id: string;
  /** netavark also has `macvlan`; Wharf uses, and tests, `bridge` only. */
  driver: 'bridge';
  /** The bridge's name on the host (e.g. `wharf0`). */
  network_interface?: string;
  subnets?: NetworkSubnet[];
  ipv6_enabled: boolean;
  /** No route out and no masquerading: containers reach only each other. */
  internal: boolean;
  /** netavark starts aardvark-dns on the gateway address and registers names and aliases. */
  dns_enabled: boolean;
  /** Driver options, e.g. `mtu` (netavark parses it, and refuses a value that is not a number). */
  options?: Record<string, string>;
  /** Upstream DNS servers aardvark-dns forwards this network's other queries to (the host's otherwise). */
  network_dns_servers?: string[];
}

/** How one container joins one network (netavark's `PerNetworkOptions`). */
export interface PerNetworkOptions {
  /** The interface inside the container, e.g. `eth0`. */
  interface_name: string;
  /** The addresses to give the container; IPAM (ours) picks them, netavark does not. */
  static_ips?: string[];
  static_mac?: string;
  /** Extra DNS names on this network (the container name is always registered). */
  aliases?: string[];
}

/**
 * Protocols netavark forwards. netavark's schema allows several joined with commas, but 1.4 hands
 * `tcp,udp` to iptables as it is and fails; give one mapping per protocol.
 */
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** A published port or port range (netavark's `PortMapping`). */
export interface PortMapping {
  /** The host address to accept on; `''` means every address. */
  host_ip: string;
  container_port: number;
  host_port: number;
  /** How many consecutive ports, from host_port and container_port up; 1 for one port. Both ends stay ≤ 65535. */
  range: number;
  protocol: PortProtocol;
}

/** Everything one setup or teardown call needs (netavark's `NetworkOptions`). */
export interface NetworkSetupOptions {
  container_id: string;
  container_name: string;
  /** Keyed by network name; the same keys as `network_info`. */
  networks: Record<string, PerNetworkOptions>;
  network_info: Record<string, NetworkDefinition>;
  port_mappings?: PortMapping[];
  /** Upstream DNS servers aardvark-dns forwards this container's queries to (before the network's). */
  dns_servers?: string[];
}

/** An address given to an interface, with its gateway (`ipnet` is the address in CIDR form: `10.88.0.5/16`). */
export interface NetAddress {
  ipnet: string;
  gateway?: string;
}

/** One interface made in the container. */
export interface NetInterface {
  mac_address: string;
  subnets?: NetAddress[];
}

/** What setup made on one network (netavark's `StatusBlock`). */
export interface NetworkStatus {
  /** Keyed by the interface name in the container. */
  interfaces?: Record<string, NetInterface>;
  /** The nameservers for the container's resolv.conf (aardvark-dns on the gateway). */
  dns_server_ips?: string[];
  dns_search_domains?: string[];
}

/** Options of one call that are not part of netavark's input. */
export interface DriverCallOptions {
  /** Aborts the call; the driver kills what it started. */
  signal?: AbortSignal;
}

/**
 * Attaches network namespaces to networks. `netnsPath` is a bind-mounted namespace file
 * (`/run/netns/<name>` or any path). teardown takes the same options that setup was given.
 */
export interface NetworkDriver {
  setup(netnsPath: string, opts: NetworkSetupOptions, call?: DriverCallOptions): Promise<Record<string, NetworkStatus>>;
  teardown(netnsPath: string, opts: NetworkSetupOptions, call?: DriverCallOptions): Promise<void>;
}
