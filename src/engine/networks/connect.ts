/**
 * `network connect` and `network disconnect`, with moby's rules and words. A stopped container
 * only has its configuration changed (it joins at its next start); a running one is attached or
 * detached at once, under the container's mutex so it does not race its start or exit.
 * Events as dockerd's: `connect`/`disconnect` on the network, attributes container, name, type.
 */
import type { ContainerStore } from '../containers/store.js';
import type { KeyedMutex } from '../../util/keyed-mutex.js';
import type { EventJournal } from '../events/journal.js';
import type { Network } from '../../network/network.js';
import { requestedEndpoint, type EndpointSettings } from '../../network/endpoint.js';
import { hasProcess, type ContainerRecord } from '../containers/record.js';
import { ForbiddenError, InternalError, InvalidArgumentError, noSuchContainer } from '../errors.js';
import { checkEndpoint, modeKind, refuseUnsupportedEndpoint } from './endpoint-config.js';
import type { NetworkAttacher } from './attach.js';

export interface ConnectDeps {
  containers: ContainerStore;
  mutex: KeyedMutex;
  attacher: NetworkAttacher;
  journal: EventJournal;
  userSubnet(networkId: string): boolean;
}

const SHARED = 'container sharing network namespace with another container or host cannot be connected to any other network';
const HOST = 'container cannot be disconnected from host network or connected to host network';

export class EndpointService {
  constructor(readonly d: ConnectDeps) {}

  async connect(net: Network, container: string, req: Partial<EndpointSettings> = {}): Promise<void> {
    const rec = this.#container(container);
    await this.d.mutex.run(rec.Id, async () => {
      const kind = modeKind(rec.HostConfig.NetworkMode);
      if (net.Driver === 'host' || kind === 'host') throw new InvalidArgumentError(HOST);
      if (kind === 'container') throw new InvalidArgumentError(SHARED);
      const st = (rec.NetworkSettings ??= { Networks: {}, SandboxKey: '', Ports: {} });
      const others = Object.keys(st.Networks);
      if (net.Driver === 'null' ? others.length > 0 : kind === 'none') {
        throw new InvalidArgumentError('container cannot be connected to multiple networks with one of the networks in private (none) mode');
      }
      if (st.Networks[net.Name]) throw new ForbiddenError(`endpoint with name ${rec.Name.slice(1)} already exists in network ${net.Name}`);
      refuseUnsupportedEndpoint(net.Name, req);
      checkEndpoint(net, req, this.d.userSubnet(net.Id));
      st.Networks[net.Name] = requestedEndpoint({
        NetworkID: net.Id,
        ...(req.IPAMConfig && Object.keys(req.IPAMConfig).length > 0 ? { IPAMConfig: req.IPAMConfig } : {}),
        ...(req.Aliases && req.Aliases.length > 0 ? { Aliases: [...req.Aliases] } : {}),
        ...(req.Links && req.Links.length > 0 ? { Links: [...req.Links] } : {}),
        ...(req.MacAddress ? { MacAddress: req.MacAddress } : {}),
      });
      if (hasProcess(rec.State)) {
        try {
          await this.d.attacher.connectRunning(rec, net.Name);
        } catch (e) {
          delete st.Networks[net.Name];
          throw e;
        }
      }
      await this.d.containers.save(rec);
    });
    this.#announce(net, 'connect', rec);
  }

  async disconnect(net: Network, container: string): Promise<void> {
    const rec = this.#container(container);
    await this.d.mutex.run(rec.Id, async () => {
      if (net.Driver === 'host' && modeKind(rec.HostConfig.NetworkMode) === 'host') throw new InvalidArgumentError(HOST);
      const st = rec.NetworkSettings;
      // Statuses as dockerd 20.10 answers: 400 for the mode conflicts, 403 already connected, 500 not connected.
      if (!st?.Networks[net.Name]) throw new InternalError(`container ${rec.Id} is not connected to network ${net.Name}`);
      if (hasProcess(rec.State)) await this.d.attacher.disconnectRunning(rec, net.Name);
      delete st.Networks[net.Name];
      await this.d.containers.save(rec);
    });
    this.#announce(net, 'disconnect', rec);
  }

  #container(idOrName: string): ContainerRecord {
    const rec = this.d.containers.find(idOrName);
    if (!rec) throw noSuchContainer(idOrName);
    if (rec.State.Status === 'removing') throw new InvalidArgumentError(`container ${rec.Id} is being removed`);
    return rec;
  }

  #announce(net: Network, action: string, rec: ContainerRecord): void {
    this.d.journal.publish('network', action, { ID: net.Id, Attributes: { container: rec.Id, name: net.Name, type: net.Driver } });
  }
}
