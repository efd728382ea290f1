/**
 * The engine's networks: the API's NetworkEngine over the network store and IPAM. Creates and
 * removes are serialised (one mutex), so two creates of one name or of overlapping subnets see each
 * other. A create reserves IPAM pools first and writes the record last: a crash between leaves pools
 * of no network, which `init` releases, so a half-made network never shows up.
 *
 * Events, as dockerd's: `create` and `destroy` (attributes `name`, `type` = the driver), and one
 * `prune` (`reclaimed` 0); the actor's ID is the network's.
 */
import { randomBytes } from 'node:crypto';
import type { Filters, NetworkCreateReport, NetworkEngine, NetworkPruneReport } from '../engine.js';
import type { EventJournal } from '../events/journal.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import type { Ipam } from '../../network/ipam.js';
import type { NetworkStore } from '../../network/store.js';
import { isPredefined, type Network, type NetworkCreateRequest, type NetworkEndpoint } from '../../network/network.js';
import { rfc3339Nano, wallNanos } from '../containers/stats/clock.js';
import { ForbiddenError, NotImplementedError, toEngineError } from '../errors.js';
import { listMatcher, pruneMatcher } from './filters.js';
import { bridgePool, predefinedNetwork, type BridgeConfig } from './predefined.js';
import { checkCreate } from './create-checks.js';
import { findNetwork } from './lookup.js';

export interface NetworkServiceDeps {
  store: NetworkStore;
  ipam: Ipam;
  journal: EventJournal;
  bridge: BridgeConfig;
  /** The endpoints attached to a network now (endpoints.ts), keyed by container ID. */
  endpoints?: (networkId: string) => Record<string, NetworkEndpoint>;
}

const newId = () => randomBytes(32).toString('hex');
const now = () => rfc3339Nano(wallNanos());

export class NetworkService implements NetworkEngine {
  readonly #mutex = new KeyedMutex();

  constructor(readonly d: NetworkServiceDeps) {}

  /** Releases pools of no network (a create cut short), then makes sure the predefined networks exist. */
  async init(): Promise<void> {
    for (const id of this.d.ipam.networks()) if (!this.d.store.get(id)) await this.d.ipam.releasePools(id);
    for (const name of ['bridge', 'host', 'none'] as const) {
      const have = this.d.store.list().find((n) => n.Name === name);
      if (name === 'bridge') await this.#ensureBridge(have);
      else if (!have) await this.d.store.put(predefinedNetwork(name, newId(), now()));
    }
  }

  async create(req: NetworkCreateRequest): Promise<NetworkCreateReport> {
    return this.#engine(() => this.#mutex.run('', async () => {
      const c = checkCreate(req, (name) => this.d.store.list().some((n) => n.Name === name));
      const id = newId();
      const pools = await this.d.ipam.requestPools(id, c.pools);
      const rec: Network = {
        Name: req.Name, Id: id, Created: now(), Scope: 'local', Driver: c.driver, EnableIPv4: true, EnableIPv6: false,
        IPAM: { Driver: 'default', Options: { ...(req.IPAM?.Options ?? {}) }, Config: pools },
        Internal: req.Internal === true, Attachable: req.Attachable === true, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
        Containers: {}, Options: { ...(req.Options ?? {}) }, Labels: { ...(req.Labels ?? {}) },
      };
      try {
        await this.d.store.put(rec);
      } catch (e) {
        await this.d.ipam.releasePools(id).catch(() => {});
        throw e;
      }
      this.#announce(rec, 'create');
      return { Id: id, Warning: '' };
    }));
  }

  inspect(idOrName: string): Network {
    try {
      return this.#withEndpoints(findNetwork(this.d.store.list(), idOrName));
    } catch (e) {
      throw toEngineError(e);
    }
  }

  list(filters: Filters = new Map()): Network[] {
    const match = listMatcher(filters, (n) => this.#inUse(n));
    // Docker's list leaves Containers empty; only inspect fills it.
    return this.d.store.list().filter(match).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  }

  async remove(idOrName: string): Promise<void> {
    await this.#engine(() => this.#mutex.run('', async () => {
      const n = findNetwork(this.d.store.list(), idOrName);
      if (isPredefined(n.Name)) throw new ForbiddenError(`${n.Name} is a pre-defined network and cannot be removed`);
      if (this.#inUse(n)) throw new ForbiddenError(`error while removing network: network ${n.Name} id ${n.Id} has active endpoints`);
      await this.#removeRecord(n);
    }));
  }

  async prune(filters: Filters): Promise<NetworkPruneReport> {
    const match = pruneMatcher(filters);
    const deleted: string[] = [];
    await this.#engine(() => this.#mutex.run('', async () => {
      // By name, so the report's order does not depend on the store's (Docker's follows a map's).
      for (const n of this.d.store.list().sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))) {
        if (!match(n) || this.#inUse(n)) continue;
        await this.#removeRecord(n);
        deleted.push(n.Name);
      }
    }));
    this.d.journal.publish('network', 'prune', { ID: '', Attributes: { reclaimed: '0' } });
    return { NetworksDeleted: deleted.length ? deleted : null };
  }

  async connect(idOrName: string): Promise<void> {
    this.inspect(idOrName);
    throw new NotImplementedError('connecting a container to a network is not supported by Wharf yet');
  }

  async disconnect(idOrName: string): Promise<void> {
    this.inspect(idOrName);
    throw new NotImplementedError('disconnecting a container from a network is not supported by Wharf yet');
  }

  // ---- inside ----

  #inUse(n: Network): boolean {
    return Object.keys(this.d.endpoints?.(n.Id) ?? {}).length > 0;
  }

  #withEndpoints(n: Network): Network {
    return this.d.endpoints ? { ...n, Containers: this.d.endpoints(n.Id) } : n;
  }

  /** The record goes first, then its pools: a crash between leaves pools that `init` releases. */
  async #removeRecord(n: Network): Promise<void> {
    await this.d.store.remove(n.Id);
    await this.d.ipam.releasePools(n.Id);
    this.#announce(n, 'destroy');
  }

  /**
   * The default bridge with the configured pool: kept as it is when its pool still matches (its
   * addresses then stay allocated), else its pools are asked anew (a changed `bip`, or a first start).
   */
  async #ensureBridge(have: Network | undefined): Promise<void> {
    const want = bridgePool(this.d.bridge);
    const id = have?.Id ?? newId();
    const pools = this.d.ipam.poolsOf(id);
    const fits = have && pools && (!want || JSON.stringify(pools) === JSON.stringify([want]));
    if (fits) return;
    if (pools) await this.d.ipam.releasePools(id);
    const config = await this.d.ipam.requestPools(id, want ? [want] : []);
    await this.d.store.put(predefinedNetwork('bridge', id, have?.Created ?? now(), config));
  }

  #announce(n: Network, action: string): void {
    this.d.journal.publish('network', action, { ID: n.Id, Attributes: { name: n.Name, type: n.Driver } });
  }

  async #engine<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toEngineError(e);
    }
  }
}
