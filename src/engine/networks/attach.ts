/**
 * Containers on networks while they run. At start, a container on bridge networks gets a network
 * namespace of its own (a file under `<exec-root>/netns/`), an address per network from our IPAM,
 * its published ports reserved, and one netavark setup; at the end of its run all of that is undone.
 * `host` shares the daemon's namespace, `none` gets an empty one from runc, `container:<id>` joins
 * the donor's.
 *
 * Crash safety: what a setup is about to make is written to `<exec-root>/networks/<id>.json`
 * (atomically) before netavark runs, and removed only after the teardown. `recover` at daemon start
 * tears down every attachment whose container no longer runs, and releases addresses that no
 * attachment holds (a crash between IPAM and that file), so a SIGKILL at any point leaks nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ipam } from '../../network/ipam.js';
import type { NetworkStore } from '../../network/store.js';
import type { Network } from '../../network/network.js';
import type { NetworkDefinition, NetworkDriver, NetworkSetupOptions, NetworkStatus } from '../../network/driver.js';
import { planPorts, type PortReserver } from '../../network/ports.js';
import { detachedEndpoint, type ContainerNetworkState, type EndpointSettings } from '../../network/endpoint.js';
import { createNetns, removeNetns, run } from '../../network/netns.js';
import { parseCidr } from '../../network/cidr.js';
import { readJsonIfExists, writeJsonAtomic } from '../../util/atomic-file.js';
import { hasProcess, type ContainerRecord } from '../containers/record.js';
import { InternalError, NotFoundError } from '../errors.js';
import { modeKind, resolveNetworking, type NetworkRequest, type ResolvedNetworking } from './endpoint-config.js';
import type { ContainerNetworking } from '../containers/deps.js';
import { DEFAULT_BRIDGE_NAME } from './predefined.js';

/** How the container's network namespace is made: by runc (`new`), shared with the daemon (`host`), or an existing one. */
export type NetnsPlan = { kind: 'new' } | { kind: 'host' } | { kind: 'path'; path: string };

/** What a start needs from the attachment: the namespace, and the addresses and resolvers for /etc files. */
export interface Attachment {
  netns: NetnsPlan;
  /** The container's addresses (first network first), for its /etc/hosts line. */
  addresses: string[];
  /** Nameservers of the networks' DNS (aardvark-dns on user networks), empty on the default bridge. */
  dnsServers: string[];
  /** `container:` mode: the donor, whose /etc files the container shares. */
  donor?: ContainerRecord;
  /** The default bridge's gateway: what `--add-host x:host-gateway` names. */
  hostGateway: string;
}

export interface AttachDeps {
  store: NetworkStore;
  ipam: Ipam;
  driver: NetworkDriver;
  /** Holds published host ports (netavark does not check them). */
  ports: PortReserver;
  /** `<exec-root>`: namespaces and attachment files live below it. */
  execRoot: string;
  findContainer(id: string): ContainerRecord | undefined;
}

/** What `<exec-root>/networks/<id>.json` holds: enough to undo a setup without the record. */
interface AttachmentFile {
  netns: string;
  options: NetworkSetupOptions;
  /** Network ID → the address IPAM gave. */
  addresses: Record<string, string>;
  /** Network name → the MAC the user asked for (kept in the record when the run ends). */
  requestedMacs?: Record<string, string>;
}

export class NetworkAttacher implements ContainerNetworking {
  #bridgeKept = false;

  constructor(readonly d: AttachDeps) {}

  resolve(req: NetworkRequest, name: string): ResolvedNetworking {
    return resolveNetworking(req, name, { networks: this.d.store.list(), userSubnet: (id) => this.d.ipam.userSubnet(id), findContainer: (id) => this.d.findContainer(id) });
  }

  get #netnsDir() { return join(this.d.execRoot, 'netns'); }
  get #filesDir() { return join(this.d.execRoot, 'networks'); }
  #file(id: string) { return join(this.#filesDir, `${id}.json`); }

  /** Attaches `rec` (starting; the caller holds its mutex), filling in its NetworkSettings. Undoes everything on failure. */
  async attach(rec: ContainerRecord): Promise<Attachment> {
    const st = state(rec);
    const kind = modeKind(rec.HostConfig.NetworkMode);
    if (kind === 'container') return this.#joinDonor(rec);
    for (const ep of Object.values(st.Networks)) if (!ep.EndpointID) ep.EndpointID = newId();
    if (kind === 'host' || kind === 'none') return { netns: { kind: kind === 'host' ? 'host' : 'new' }, addresses: [], dnsServers: [], hostGateway: this.#hostGateway() };

    const nets = Object.entries(st.Networks).map(([name, ep]) => ({ name, ep, net: this.#network(ep, name) }));
    // Disconnected from every network while stopped: loopback only, as in Docker.
    if (nets.length === 0) return { netns: { kind: 'new' }, addresses: [], dnsServers: [], hostGateway: this.#hostGateway() };
    const file: AttachmentFile = { netns: join(this.#netnsDir, rec.Id), options: { container_id: rec.Id, container_name: rec.Name.slice(1), networks: {}, network_info: {} }, addresses: {} };
    let made = false;
    try {
      await mkdir(this.#filesDir, { recursive: true });
      for (const [i, { name, ep, net }] of nets.entries()) {
        const ip = await this.d.ipam.allocate(net.Id, ep.IPAMConfig?.IPv4Address ? { ip: ep.IPAMConfig.IPv4Address } : {});
        file.addresses[net.Id] = ip;
        if (ep.MacAddress) (file.requestedMacs ??= {})[name] = ep.MacAddress;
        file.options.networks[name] = {
          interface_name: `eth${i}`, static_ips: [ip], static_mac: ep.MacAddress || macFor(ip),
          ...(definition(net).dns_enabled ? { aliases: dnsAliases(rec, ep) } : {}),
        };
        file.options.network_info[name] = definition(net);
      }
      // Ports after addresses, so the endpoint in a port error exists; the first network carries them.
      const first = nets[0]!;
      const plan = planPorts(rec.Config.ExposedPorts, rec.HostConfig.PortBindings, rec.HostConfig.PublishAllPorts === true);
      const published = await this.d.ports.reserve(rec.Id, plan, { name: rec.Name.slice(1), id: first.ep.EndpointID });
      if (published.mappings.length > 0) file.options.port_mappings = published.mappings;
      if ((rec.HostConfig.Dns ?? []).length > 0) file.options.dns_servers = [...rec.HostConfig.Dns!];
      await writeJsonAtomic(this.#file(rec.Id), file);
      await removeNetns(file.netns); // a file left by a crash before the attachment file was written
      await createNetns(file.netns);
      made = true;
      const status = await this.d.driver.setup(file.netns, file.options);
      if (nets.some((n) => n.net.Name === 'bridge')) await this.#keepBridge(file.options.network_info['bridge']!.network_interface!);
      st.SandboxKey = file.netns;
      st.Ports = published.ports;
      const dns: string[] = [];
      for (const { name, ep, net } of nets) {
        fillEndpoint(ep, net, file, name, status[name], rec);
        for (const s of status[name]?.dns_server_ips ?? []) if (!dns.includes(s)) dns.push(s);
      }
      return { netns: { kind: 'path', path: file.netns }, addresses: nets.map((n) => file.addresses[n.net.Id]!), dnsServers: dns, hostGateway: this.#hostGateway() };
    } catch (e) {
      // The driver has rolled its own part back; the rest is ours.
      await this.#undo(rec.Id, file, made);
      for (const ep of Object.values(st.Networks)) Object.assign(ep, detachedEndpoint(ep));
      throw e;
    }
  }

  /**
   * Attaches a running container to one more network: an address, one netavark setup of that
   * network alone in the container's namespace (its next interface), and the attachment file
   * extended so the teardown at exit covers it. `ep` is already in rec.NetworkSettings.Networks.
   */
  async connectRunning(rec: ContainerRecord, name: string): Promise<void> {
    const file = await readJsonIfExists<AttachmentFile>(this.#file(rec.Id));
    const ep = rec.NetworkSettings!.Networks[name]!;
    if (!file) throw new InternalError(`container ${rec.Id} has no network namespace of its own`);
    const net = this.#network(ep, name);
    const ip = await this.d.ipam.allocate(net.Id, ep.IPAMConfig?.IPv4Address ? { ip: ep.IPAMConfig.IPv4Address } : {});
    const used = new Set(Object.values(file.options.networks).map((n) => n.interface_name));
    let n = 0;
    while (used.has(`eth${n}`)) n++;
    const per = { interface_name: `eth${n}`, static_ips: [ip], static_mac: ep.MacAddress || macFor(ip), ...(definition(net).dns_enabled ? { aliases: dnsAliases(rec, ep) } : {}) };
    const one: NetworkSetupOptions = { container_id: rec.Id, container_name: rec.Name.slice(1), networks: { [name]: per }, network_info: { [name]: definition(net) } };
    const next: AttachmentFile = {
      ...file, addresses: { ...file.addresses, [net.Id]: ip }, ...(ep.MacAddress ? { requestedMacs: { ...file.requestedMacs, [name]: ep.MacAddress } } : {}),
      options: { ...file.options, networks: { ...file.options.networks, [name]: per }, network_info: { ...file.options.network_info, [name]: definition(net) } },
    };
    try {
      await writeJsonAtomic(this.#file(rec.Id), next);
      const status = await this.d.driver.setup(file.netns, one);
      ep.EndpointID ||= newId();
      fillEndpoint(ep, net, next, name, status[name], rec);
    } catch (e) {
      await writeJsonAtomic(this.#file(rec.Id), file).catch(() => undefined);
      await this.d.ipam.release(net.Id, ip).catch(() => undefined);
      throw e;
    }
  }

  /** Detaches a running container from one network (netavark teardown of that network alone). */
  async disconnectRunning(rec: ContainerRecord, name: string): Promise<void> {
    const file = await readJsonIfExists<AttachmentFile>(this.#file(rec.Id));
    const per = file?.options.networks[name];
    const def = file?.options.network_info[name];
    if (!file || !per || !def) return;
    await this.d.driver.teardown(file.netns, { container_id: rec.Id, container_name: rec.Name.slice(1), networks: { [name]: per }, network_info: { [name]: def } });
    const { [name]: _n, ...networks } = file.options.networks;
    const { [name]: _i, ...info } = file.options.network_info;
    const { [def.id]: ip, ...addresses } = file.addresses;
    await writeJsonAtomic(this.#file(rec.Id), { ...file, addresses, options: { ...file.options, networks, network_info: info } });
    if (ip) await this.d.ipam.release(def.id, ip);
  }

  /** Ends the attachment of container `id` (its run is over); idempotent, every step runs even when one fails. */
  async detach(id: string): Promise<void> {
    const file = await readJsonIfExists<AttachmentFile>(this.#file(id)).catch(() => undefined);
    if (file) await this.#undo(id, file, true);
    else this.d.ports.release(id);
    const rec = this.d.findContainer(id);
    if (rec?.NetworkSettings) {
      const st = rec.NetworkSettings;
      for (const [name, ep] of Object.entries(st.Networks)) st.Networks[name] = { ...detachedEndpoint(ep), MacAddress: file?.requestedMacs?.[name] ?? '' };
      st.SandboxKey = '';
      st.Ports = {};
    }
  }

  /**
   * At daemon start, after the containers are reconciled: tears down attachments of containers that
   * do not run, holds the ports of those that do, and frees addresses no attachment holds.
   */
  async recover(): Promise<void> {
    await mkdir(this.#filesDir, { recursive: true });
    const held = new Map<string, Set<string>>();
    for (const name of await readdir(this.#filesDir)) {
      if (!name.endsWith('.json')) {
        await rm(join(this.#filesDir, name), { force: true }); // a temp file of an interrupted write
        continue;
      }
      const id = name.slice(0, -5);
      const rec = this.d.findContainer(id);
      if (!rec || !hasProcess(rec.State)) {
        await this.detach(id);
        continue;
      }
      const file = await readJsonIfExists<AttachmentFile>(this.#file(id)).catch(() => undefined);
      for (const [net, ip] of Object.entries(file?.addresses ?? {})) (held.get(net) ?? held.set(net, new Set()).get(net)!).add(ip);
      if (rec.NetworkSettings) await this.d.ports.restore(id, rec.NetworkSettings.Ports);
    }
    for (const net of this.d.store.list()) {
      if (!this.d.ipam.poolsOf(net.Id)) continue;
      for (const ip of this.d.ipam.allocated(net.Id)) if (!held.get(net.Id)?.has(ip)) await this.d.ipam.release(net.Id, ip);
    }
    // Namespaces of no attachment (a crash between making one and writing its file).
    for (const name of await readdir(this.#netnsDir).catch(() => [] as string[])) {
      if (!(await readJsonIfExists(this.#file(name)).catch(() => undefined))) await removeNetns(join(this.#netnsDir, name)).catch(() => undefined);
    }
  }

  async #undo(id: string, file: AttachmentFile, made: boolean): Promise<void> {
    if (made) await this.d.driver.teardown(file.netns, file.options).catch(() => undefined);
    this.d.ports.release(id);
    for (const [net, ip] of Object.entries(file.addresses)) await this.d.ipam.release(net, ip).catch(() => undefined);
    await removeNetns(file.netns).catch(() => undefined);
    await rm(this.#file(id), { force: true });
  }

  #joinDonor(rec: ContainerRecord): Attachment {
    const id = String(rec.HostConfig.NetworkMode).slice('container:'.length);
    const donor = this.d.findContainer(id);
    if (!donor) throw new InternalError(`No such container: ${id}`);
    if (!hasProcess(donor.State) || donor.State.Pid <= 0) throw new InternalError(`cannot join network of a non running container: ${donor.Id}`);
    const key = donor.NetworkSettings?.SandboxKey;
    const donorKind = modeKind(donor.HostConfig.NetworkMode);
    // A donor on the host network gives the host's namespace; one with its own file gives that; else its process's.
    const netns: NetnsPlan = donorKind === 'host' ? { kind: 'host' } : { kind: 'path', path: key || `/proc/${donor.State.Pid}/ns/net` };
    return { netns, addresses: [], dnsServers: [], donor, hostGateway: this.#hostGateway() };
  }

  /**
   * netavark deletes a bridge, and rebuilds it with its chains, when its last container goes: that
   * is half the time of a `run --rm` on an empty default bridge. Docker keeps docker0 for the life
   * of the daemon; so does Wharf, with one idle veth end enslaved to the default bridge (no address,
   * no namespace), which netavark counts as a user of it. Done once per daemon run; a failure only
   * costs speed.
   */
  async #keepBridge(bridge: string): Promise<void> {
    if (this.#bridgeKept) return;
    this.#bridgeKept = true;
    await run('ip', ['link', 'add', KEEPER, 'type', 'veth', 'peer', 'name', `${KEEPER}p`]).catch(() => undefined); // exists after a restart
    await run('ip', ['link', 'set', KEEPER, 'master', bridge, 'up']).catch(() => { this.#bridgeKept = false; });
  }

  #hostGateway(): string {
    return this.d.store.list().find((n) => n.Name === 'bridge')?.IPAM.Config[0]?.Gateway ?? '';
  }

  #network(ep: EndpointSettings, name: string): Network {
    const net = this.d.store.get(ep.NetworkID) ?? this.d.store.list().find((n) => n.Name === name);
    if (!net) throw new NotFoundError(`network ${name} not found`);
    return net;
  }
}

function state(rec: ContainerRecord): ContainerNetworkState {
  rec.NetworkSettings ??= { Networks: {}, SandboxKey: '', Ports: {} };
  return rec.NetworkSettings;
}

const newId = () => randomBytes(32).toString('hex');

/** The veth end that keeps the default bridge (its peer is `<KEEPER>p`). */
export const KEEPER = 'wharf0-keep';


/** Docker's MAC for an address: 02:42 and the four bytes of the IPv4 address. */
export function macFor(ip: string): string {
  return ['02', '42', ...ip.split('.').map((b) => Number(b).toString(16).padStart(2, '0'))].join(':');
}

/** The names netavark registers besides the container name: the user's aliases and the short ID (Docker answers to both). */
function dnsAliases(rec: ContainerRecord, ep: EndpointSettings): string[] {
  return [...new Set([...(ep.Aliases ?? []), rec.Id.slice(0, 12)])];
}

/** The netavark view of a network record. User networks get DNS (Docker's embedded DNS); the default bridge does not. */
export function definition(net: Network): NetworkDefinition {
  const pool = net.IPAM.Config[0];
  const mtu = net.Options['com.docker.network.driver.mtu'];
  return {
    name: net.Name, id: net.Id, driver: 'bridge',
    network_interface: net.Options['com.docker.network.bridge.name'] || (net.Name === 'bridge' ? DEFAULT_BRIDGE_NAME : `br-${net.Id.slice(0, 12)}`),
    subnets: pool?.Subnet ? [{ subnet: pool.Subnet, ...(pool.Gateway ? { gateway: pool.Gateway } : {}) }] : [],
    ipv6_enabled: false, internal: net.Internal, dns_enabled: net.Name !== 'bridge',
    ...(mtu && mtu !== '1500' ? { options: { mtu } } : {}),
  };
}

function fillEndpoint(ep: EndpointSettings, net: Network, file: AttachmentFile, name: string, status: NetworkStatus | undefined, rec: ContainerRecord): void {
  const ip = file.addresses[net.Id]!;
  const iface = status?.interfaces?.[file.options.networks[name]!.interface_name];
  const pool = net.IPAM.Config[0];
  ep.NetworkID = net.Id;
  ep.IPAddress = ip;
  ep.IPPrefixLen = pool?.Subnet ? parseCidr(pool.Subnet)!.bits : 0;
  ep.Gateway = pool?.Gateway ?? '';
  ep.MacAddress = iface?.mac_address ?? file.options.networks[name]!.static_mac ?? '';
  ep.DNSNames = net.Name === 'bridge' ? null : [...new Set([rec.Name.slice(1), ...(ep.Aliases ?? []), rec.Id.slice(0, 12)])];
}
