/**
 * The predefined networks, as dockerd has them from its start: `bridge` (the default bridge, with
 * daemon.json's `bip`, `fixed-cidr` and else a subnet of the default pools), `host` and `none`
 * (driver `null`), no IPAM config for the latter two. Their records are kept in the store like any
 * network, so their IDs stay the same across restarts, as Docker's do.
 */
import { parseCidr, formatIp, cidrText, contains } from '../../network/cidr.js';
import { InvalidNetworkConfigError } from '../../network/errors.js';
import type { IpamConfig, Network } from '../../network/network.js';

/** daemon.json's settings of the default bridge. */
export interface BridgeConfig {
  /** `bip`: the bridge's address with its prefix (`172.30.0.1/16`). */
  bip?: string;
  /** `fixed-cidr`: the range containers' addresses come from, inside the bip's subnet. */
  fixedCidr?: string;
}

/** The bridge name Wharf's default bridge gets (Docker's is docker0). */
export const DEFAULT_BRIDGE_NAME = 'wharf0';

/** The bridge's pool asked of IPAM: from `bip`/`fixed-cidr`, or undefined to take a default subnet. */
export function bridgePool(c: BridgeConfig): IpamConfig | undefined {
  if (!c.bip) {
    if (c.fixedCidr && !parseCidr(c.fixedCidr)) throw new InvalidNetworkConfigError(`invalid fixed-cidr ${c.fixedCidr}`);
    return c.fixedCidr ? { Subnet: cidrText(parseCidr(c.fixedCidr)!.base, parseCidr(c.fixedCidr)!.bits) } : undefined;
  }
  const bip = parseCidr(c.bip);
  if (!bip) throw new InvalidNetworkConfigError(`invalid bip: ${c.bip}`);
  const pool: IpamConfig = { Subnet: cidrText(bip.base, bip.bits), Gateway: formatIp(bip.addr) };
  if (c.fixedCidr) {
    const fixed = parseCidr(c.fixedCidr);
    if (!fixed || !contains(bip, fixed.base) || fixed.bits < bip.bits) throw new InvalidNetworkConfigError(`fixed-cidr ${c.fixedCidr} is not within bip ${c.bip}`);
    pool.IPRange = cidrText(fixed.base, fixed.bits);
  }
  return pool;
}

/** A predefined network's record (IPAM config filled in by the caller for `bridge`). */
export function predefinedNetwork(name: 'bridge' | 'host' | 'none', id: string, created: string, ipam: IpamConfig[] = []): Network {
  const bridge = name === 'bridge';
  return {
    Name: name, Id: id, Created: created, Scope: 'local', Driver: name === 'none' ? 'null' : name, EnableIPv4: true, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: ipam }, Internal: false, Attachable: false, Ingress: false,
    ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {},
    Options: bridge ? {
      'com.docker.network.bridge.default_bridge': 'true',
      'com.docker.network.bridge.enable_icc': 'true',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
      'com.docker.network.bridge.name': DEFAULT_BRIDGE_NAME,
      'com.docker.network.driver.mtu': '1500',
    } : {},
    Labels: {},
  };
}
