/**
 * A network's `Containers` as Docker's inspect shows them: the endpoints of the containers attached
 * now (running on it), keyed by container ID. Stopped containers keep their network in their config
 * but have no endpoint, so they neither show here nor keep the network from being removed.
 */
import type { NetworkEndpoint } from '../../network/network.js';
import { hasProcess, type ContainerRecord } from '../containers/record.js';

export function endpointsOf(containers: ContainerRecord[], networkId: string): Record<string, NetworkEndpoint> {
  const out: Record<string, NetworkEndpoint> = {};
  for (const rec of containers) {
    if (!hasProcess(rec.State)) continue;
    for (const ep of Object.values(rec.NetworkSettings?.Networks ?? {})) {
      if (ep.NetworkID !== networkId || !ep.EndpointID) continue;
      out[rec.Id] = {
        Name: rec.Name.slice(1), EndpointID: ep.EndpointID, MacAddress: ep.MacAddress,
        IPv4Address: ep.IPAddress ? `${ep.IPAddress}/${ep.IPPrefixLen}` : '', IPv6Address: '',
      };
    }
  }
  return out;
}
