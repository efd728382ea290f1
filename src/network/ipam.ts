/**
 * IPAM: each network's pools (subnet, range, gateway) and the addresses handed out in them.
 *
 * Pools: a requested subnet is checked as libnetwork checks it (it parses, the gateway and range lie
 * in it, it overlaps no pool of another network, nor another of the same request); with no subnet,
 * one is cut from the default pools, skipping every network's pools and the host's routes.
 *
 * Addresses: `allocate` hands out the next free address after the last one given (libnetwork's
 * serial allocation, so a released address is not reused at once), never the network address, the
 * broadcast address, the gateway or an auxiliary address; a requested address must lie in the subnet. Each network's state
 * lives in `<root>/<networkId>.json`, rewritten atomically before a call returns, so an address is
 * never handed out twice, across restarts too. Calls on one network are serialised.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_PREFIX, fsyncDir, readJsonIfExists, removeOrphanTemps, writeJsonAtomic } from '../util/atomic-file.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { contains, formatIp, last, overlaps, parseCidr, parseIp, type Cidr } from './cidr.js';
import { AddressInUseError, AddressOutOfRangeError, InvalidNetworkConfigError, NoSuchNetworkPoolError, PoolExhaustedError, PoolOverlapError } from './errors.js';
import type { IpamConfig } from './network.js';
import { firstFree, parsePools, type AddressPool } from './pools.js';

/** What is kept of one network. */
interface NetworkState {
  pools: IpamConfig[];
  /** Allocated addresses (the gateway is not among them: it is never allocatable). */
  addresses: string[];
  /** The last address handed out dynamically, where the next search starts. */
  last?: string;
  /** The pools were asked for (`--subnet`), not drawn from the defaults: only then may containers ask for an address. */
  requested?: boolean;
}

export interface IpamOptions {
  /** `default-address-pools`. */
  pools: AddressPool[];
  /** The host's routes, asked at each default allocation (tests give their own). */
  routes: () => Cidr[];
}

export class Ipam {
  readonly #state = new Map<string, NetworkState>();
  readonly #mutex = new KeyedMutex();
  readonly #pools;

  constructor(readonly root: string, readonly o: IpamOptions) {
    this.#pools = parsePools(o.pools);
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await removeOrphanTemps(this.root);
    for (const name of await readdir(this.root)) {
      if (name.startsWith(TEMP_PREFIX) || !name.endsWith('.json')) continue;
      const st = await readJsonIfExists<NetworkState>(join(this.root, name)).catch(() => undefined);
      if (st) this.#state.set(name.slice(0, -5), st);
    }
  }

  /** The networks IPAM holds pools for (the engine sweeps those with no network record). */
  networks(): string[] {
    return [...this.#state.keys()];
  }

  /** Whether the network's subnet was asked for at create rather than drawn from the default pools. */
  userSubnet(networkId: string): boolean {
    return this.#state.get(networkId)?.requested === true;
  }

  /** The network's pools, as stored (undefined when it has none). */
  poolsOf(networkId: string): IpamConfig[] | undefined {
    return this.#state.get(networkId)?.pools.map((p) => ({ ...p }));
  }

  /**
   * Checks and reserves the pools of a new network (a default subnet when `configs` is empty) and
   * returns them completed with a gateway. The network must have none yet.
   */
  async requestPools(networkId: string, configs: IpamConfig[]): Promise<IpamConfig[]> {
    return this.#mutex.run('', async () => {
      const others = [...this.#state.entries()].filter(([id]) => id !== networkId).flatMap(([, s]) => s.pools.map((p) => parseCidr(p.Subnet!)!));
      const pools = configs.length > 0 ? checkConfigs(configs, others) : [this.#defaultPool(others)];
      await this.#save(networkId, { pools, addresses: [], requested: configs.length > 0 });
      return pools.map((p) => ({ ...p }));
    });
  }

  /** Forgets the network's pools and addresses. */
  async releasePools(networkId: string): Promise<void> {
    await this.#mutex.run('', async () => {
      this.#state.delete(networkId);
      await rm(this.#file(networkId), { force: true });
      await fsyncDir(this.root);
    });
  }

  /** Hands out an address of the network: `ip` when given (it must be free and in the subnet), else the next free one. */
  async allocate(networkId: string, o: { ip?: string } = {}): Promise<string> {
    return this.#mutex.run(networkId, async () => {
      const st = this.#get(networkId);
      const pool = st.pools[0]!;
      const subnet = parseCidr(pool.Subnet!)!;
      const taken = new Set(st.addresses);
      if (pool.Gateway) taken.add(pool.Gateway);
      for (const aux of Object.values(pool.AuxiliaryAddresses ?? {})) taken.add(aux);
      let ip: string;
      if (o.ip !== undefined) {
        const n = parseIp(o.ip);
        if (n === undefined) throw new InvalidNetworkConfigError(`invalid IPv4 address: ${o.ip}`);
        if (!contains(subnet, n) || n === subnet.base || n === last(subnet)) throw new AddressOutOfRangeError(`Requested address ${o.ip} is out of range of ${pool.Subnet}`);
        ip = formatIp(n);
        if (taken.has(ip)) throw new AddressInUseError(`Address already in use: ${ip}`);
      } else {
        ip = nextFree(subnet, pool.IPRange ? parseCidr(pool.IPRange)! : subnet, taken, st.last);
      }
      await this.#save(networkId, { ...st, addresses: [...st.addresses, ip], last: o.ip === undefined ? ip : st.last });
      return ip;
    });
  }

  /** Returns an address to the network's pool; one not allocated is no error. */
  async release(networkId: string, ip: string): Promise<void> {
    await this.#mutex.run(networkId, async () => {
      const st = this.#get(networkId);
      if (!st.addresses.includes(ip)) return;
      await this.#save(networkId, { ...st, addresses: st.addresses.filter((a) => a !== ip) });
    });
  }

  /** The addresses allocated on the network. */
  allocated(networkId: string): string[] {
    return [...this.#get(networkId).addresses];
  }

  #get(networkId: string): NetworkState {
    const st = this.#state.get(networkId);
    if (!st) throw new NoSuchNetworkPoolError(`no address pool for network ${networkId}`);
    return st;
  }

  #defaultPool(others: Cidr[]): IpamConfig {
    const subnet = firstFree(this.#pools, [...others, ...this.o.routes()]);
    if (!subnet) throw new PoolExhaustedError('could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
    return { Subnet: subnet.text, Gateway: formatIp(subnet.base + 1) };
  }

  #file(networkId: string): string {
    return join(this.root, `${networkId}.json`);
  }

  async #save(networkId: string, st: NetworkState): Promise<void> {
    await writeJsonAtomic(this.#file(networkId), st);
    this.#state.set(networkId, st);
  }
}

/** The first free address of `range` after `after` (wrapping), skipping the subnet's network and broadcast addresses. */
function nextFree(subnet: Cidr, range: Cidr, taken: Set<string>, after?: string): string {
  const lo = Math.max(range.base, subnet.base + 1);
  const hi = Math.min(last(range), last(subnet) - 1);
  const span = hi - lo + 1;
  const prev = after === undefined ? undefined : parseIp(after);
  const start = prev !== undefined && prev >= lo && prev < hi ? prev + 1 : lo;
  for (let i = 0; i < span; i++) {
    const ip = formatIp(lo + ((start - lo + i) % span));
    if (!taken.has(ip)) return ip;
  }
  throw new PoolExhaustedError('no available IPv4 addresses on this network\'s address pools');
}

/** Validates requested pools as libnetwork does and fills in the gateway (the subnet's first address). */
function checkConfigs(configs: IpamConfig[], others: Cidr[]): IpamConfig[] {
  const out: IpamConfig[] = [];
  const mine: Cidr[] = [];
  for (const c of configs) {
    const subnet = parseCidr(c.Subnet ?? '');
    if (!subnet) throw new InvalidNetworkConfigError(`Invalid subnet ${c.Subnet ?? ''} : invalid CIDR address: ${c.Subnet ?? ''}`);
    if ([...others, ...mine].some((o) => overlaps(o, subnet))) throw new PoolOverlapError();
    const pool: IpamConfig = { Subnet: c.Subnet };
    if (c.IPRange) {
      const range = parseCidr(c.IPRange);
      if (!range) throw new InvalidNetworkConfigError(`Invalid range ${c.IPRange} : invalid CIDR address: ${c.IPRange}`);
      if (!contains(subnet, range.base) || range.bits < subnet.bits) throw new AddressOutOfRangeError(`invalid ip-range ${c.IPRange}: it must be a subset of subnet ${c.Subnet}`);
      pool.IPRange = c.IPRange;
    }
    const gw = c.Gateway ? parseIp(c.Gateway) : subnet.base + 1;
    if (gw === undefined) throw new InvalidNetworkConfigError(`invalid gateway address ${c.Gateway} in Ipam configuration`);
    if (!contains(subnet, gw)) throw new AddressOutOfRangeError(`failed to allocate gateway (${c.Gateway}): Requested address is out of range`);
    pool.Gateway = formatIp(gw);
    const aux = Object.entries(c.AuxiliaryAddresses ?? {});
    for (const [key, a] of aux) {
      const n = parseIp(a);
      if (n === undefined || !contains(subnet, n)) throw new InvalidNetworkConfigError(`invalid auxiliary address ${key}=${a}: not in subnet ${c.Subnet}`);
    }
    // Reserved addresses are never handed out (allocate skips them), as libnetwork reserves them.
    if (aux.length > 0) pool.AuxiliaryAddresses = { ...c.AuxiliaryAddresses };
    mine.push(subnet);
    out.push(pool);
  }
  return out;
}
