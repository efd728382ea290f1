/**
 * A container's networks as create decides them (moby's verifyNetworkingConfig and
 * daemon/container_operations.go): the network mode checked and stored, each endpoint request
 * checked against its network, and the conflicts of `container:`/`host` modes with per-container
 * network options refused in Docker's words. The result is stored on the record; nothing is
 * attached until the container starts.
 */
import type { ContainerRecord } from '../containers/record.js';
import { InvalidArgumentError, NotFoundError, NotImplementedError } from '../errors.js';
import type { Network } from '../../network/network.js';
import { requestedEndpoint, type ContainerNetworkState, type EndpointSettings } from '../../network/endpoint.js';
import { findNetwork } from './lookup.js';
import { hostname } from 'node:os';
import { parseIp } from '../../network/cidr.js';
import { checkPortBindings } from '../../network/ports.js';

export type NetworkModeKind = 'bridge' | 'host' | 'none' | 'container' | 'user';

/** `default` is the default bridge, as in moby's NetworkMode.IsDefault. */
export function modeKind(mode: string | undefined): NetworkModeKind {
  const m = mode || 'default';
  if (m === 'default' || m === 'bridge') return 'bridge';
  if (m === 'host' || m === 'none') return m;
  if (m.startsWith('container:')) return 'container';
  return 'user';
}

/** The network a mode names: `default` is `bridge`. */
export function modeNetwork(mode: string | undefined): string {
  const m = mode || 'default';
  return m === 'default' ? 'bridge' : m;
}

export interface NetworkRequest {
  config: { Hostname?: string; MacAddress?: string; ExposedPorts?: Record<string, unknown> | null };
  hostConfig: ContainerRecord['HostConfig'];
  networking?: { EndpointsConfig?: Record<string, unknown> | null } | null;
}

export interface ResolvedNetworking {
  /** The hostname Docker stores for shared namespaces: the host's, or the donor's. */
  hostname?: string;
  /** The mode as stored: `container:<full id>` for a donor, else as given. */
  networkMode: string;
  /** HostConfig.Links as Docker stores them: `/<target name>:/<container name>/<alias>`. */
  links: string[] | null;
  settings: ContainerNetworkState;
}

type FindContainer = (idOrName: string) => ContainerRecord | undefined;

const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v));

export interface NetworkLookup {
  networks: Network[];
  /** IPAM's word on whether the network's subnet was configured by the user. */
  userSubnet(networkId: string): boolean;
  findContainer: FindContainer;
}

export function resolveNetworking(req: NetworkRequest, name: string, look: NetworkLookup): ResolvedNetworking {
  const { networks, findContainer } = look;
  const hc = req.hostConfig;
  let mode = hc.NetworkMode || 'default';
  const kind = modeKind(mode);
  const requests = (req.networking?.EndpointsConfig ?? {}) as Record<string, Partial<EndpointSettings> | null>;
  const donor = kind === 'container' ? donorOf(mode.slice('container:'.length), findContainer) : undefined;
  if (donor) {
    mode = `container:${donor.Id}`;
    refuseWithSharedNetns(req);
  }
  if (kind === 'host') refuseWithHostNetwork(req);
  // Docker takes links with `none` (they do nothing there).
  if ((kind === 'container' || kind === 'host') && nonEmpty(hc.Links)) {
    throw new InvalidArgumentError(`conflicting options: ${kind === 'host' ? 'host type networking' : 'container type network'} can't be used with links. This would result in undefined behavior`);
  }
  checkPortBindings(hc.PortBindings);
  const settings: ContainerNetworkState = { Networks: {}, SandboxKey: '', Ports: {} };
  if (donor) return { networkMode: mode, links: null, settings, hostname: donor.Config.Hostname ?? '' };

  // The mode's network first, then any other requested ones (API 1.44+ clients may ask for several).
  const wanted = [modeNetwork(mode), ...Object.keys(requests).filter((k) => k !== modeNetwork(mode) && k !== mode)];
  for (const term of wanted) {
    const ep = requests[term] ?? (term === modeNetwork(mode) ? requests[mode] : undefined) ?? {};
    refuseUnsupportedEndpoint(term, ep);
    const net = networks.length > 0 ? lookup(networks, term) : undefined;
    if (!net) {
      // As Docker 20.10: a network that is not there fails the start (`network x not found`), not the create.
      settings.Networks[term] = requestedEndpoint();
      continue;
    }
    checkEndpoint(net, ep, look.userSubnet(net.Id));
    if (kind === 'user' && nonEmpty(hc.Links)) throw new NotImplementedError(USER_LINKS);
    const mac = ep.MacAddress || (term === modeNetwork(mode) ? req.config.MacAddress ?? '' : '');
    settings.Networks[net.Name] = requestedEndpoint({
      NetworkID: net.Id, MacAddress: mac,
      ...(nonEmpty(ep.IPAMConfig) ? { IPAMConfig: ep.IPAMConfig! } : {}),
      ...(nonEmpty(ep.Aliases) ? { Aliases: [...ep.Aliases!] } : {}),
      ...(nonEmpty(ep.Links) ? { Links: [...ep.Links!] } : {}),
      ...(nonEmpty(ep.DriverOpts) ? { DriverOpts: { ...ep.DriverOpts! } } : {}),
    });
  }
  if (Object.values(settings.Networks).some((ep) => ep.NetworkID && networks.find((n) => n.Id === ep.NetworkID)?.Driver === 'null') && wanted.length > 1) {
    throw new InvalidArgumentError('Container cannot be connected to network endpoints: none and others');
  }
  return { networkMode: mode, links: storedLinks(hc.Links, name, findContainer), settings, ...(kind === 'host' && !req.config.Hostname ? { hostname: hostname() } : {}) };
}

function lookup(networks: Network[], term: string): Network | undefined {
  try {
    return findNetwork(networks, term);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

function donorOf(ref: string, find: FindContainer): ContainerRecord {
  const donor = find(ref);
  if (!donor) throw new NotFoundError(`No such container: ${ref}`);
  return donor;
}

/** moby's checks of an endpoint request against its network (an --ip needs a user network with a configured subnet). */
const USER_LINKS = 'links on user-defined networks (--link with --network <name>) are not supported by Wharf yet';

/** What an endpoint request may ask that Wharf does not do yet (refused, never stored and ignored). */
export function refuseUnsupportedEndpoint(net: string, ep: Partial<EndpointSettings>): void {
  if (nonEmpty(ep.DriverOpts)) throw new NotImplementedError(`network endpoint driver options for ${net} (--network driver-opt) are not supported by Wharf yet`);
  if (ep.IPAMConfig?.IPv6Address || nonEmpty(ep.IPAMConfig?.LinkLocalIPs)) throw new NotImplementedError(`IPv6 and link-local endpoint addresses on ${net} (--ip6, --link-local-ip) are not supported by Wharf yet`);
}

export function checkEndpoint(net: Network, ep: Partial<EndpointSettings>, userSubnet: boolean): void {
  // Links only act on the default bridge; on user networks Docker makes them scoped DNS aliases, which Wharf does not.
  if (nonEmpty(ep.Links) && net.Name !== 'bridge') throw new NotImplementedError(USER_LINKS);
  const user = net.Name !== 'bridge' && net.Driver === 'bridge';
  const ip = ep.IPAMConfig?.IPv4Address;
  if (ip || ep.IPAMConfig?.IPv6Address) {
    if (!user) throw new InvalidArgumentError('user specified IP address is supported on user defined networks only');
    if (!userSubnet) throw new InvalidArgumentError('user specified IP address is supported only when connecting to networks with user configured subnets');
    if (ip && parseIp(ip) === undefined) throw new InvalidArgumentError(`invalid IPv4 address: ${ip}`);
  }
  if (nonEmpty(ep.Aliases) && !user) throw new InvalidArgumentError('network-scoped alias is supported only for containers in user defined networks');
}

function refuseWithSharedNetns(req: NetworkRequest): void {
  const hc = req.hostConfig;
  if (req.config.Hostname) throw new InvalidArgumentError('conflicting options: hostname and the network mode');
  if (nonEmpty(hc.Dns) || nonEmpty(hc.DnsSearch) || nonEmpty(hc.DnsOptions)) throw new InvalidArgumentError('conflicting options: dns and the network mode');
  if (nonEmpty(hc.ExtraHosts)) throw new InvalidArgumentError('conflicting options: custom host-to-IP mapping and the network mode');
  // The request's own ports (moby checks before the image's EXPOSE is merged in).
  if (nonEmpty(req.config.ExposedPorts)) throw new InvalidArgumentError('conflicting options: port exposing and the container type network mode');
  if (nonEmpty(hc.PortBindings) || hc.PublishAllPorts) throw new InvalidArgumentError('conflicting options: port publishing and the container type network mode');
  if (req.config.MacAddress) throw new InvalidArgumentError('conflicting options: mac-address and the network mode');
}

function refuseWithHostNetwork(req: NetworkRequest): void {
  if (req.config.MacAddress) throw new InvalidArgumentError('conflicting options: mac-address and the network mode');
}

/** `--link target[:alias]` as moby stores it; the target must exist (`could not get container for x`). */
function storedLinks(links: unknown, name: string, find: FindContainer): string[] | null {
  if (!Array.isArray(links) || links.length === 0) return null;
  return links.map((l: string) => {
    const i = l.indexOf(':');
    const target = i < 0 ? l : l.slice(0, i);
    const alias = i < 0 ? target.replace(/^\//, '') : l.slice(i + 1);
    const rec = find(target.replace(/^\//, ''));
    if (!rec) throw new InvalidArgumentError(`could not get container for ${target.replace(/^\//, '')}: No such container: ${target.replace(/^\//, '')}`);
    return `${rec.Name}:${name}/${alias}`;
  });
}
