/**
 * `wharf network connect [OPTIONS] NETWORK CONTAINER`: `POST /networks/{id}/connect` with docker's
 * EndpointSettings (aliases, IPAM addresses, links, driver options). The daemon answers what it can
 * do; until containers join networks that is its "not supported yet" error, printed as docker prints it.
 */
import { networkEndpoint } from '../../../client/api/networks.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { list, num, str, type ParsedFlags } from '../../flags/types.js';

const strings = (p: ParsedFlags, name: string) => list(p, name).flatMap((v) => v.split(',')).filter((v) => v !== '');

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const [network, container] = p.args as [string, string];
  const driverOpts = Object.fromEntries(strings(p, 'driver-opt').map((o) => [o.split('=')[0]!, o.slice(o.indexOf('=') + 1)]));
  await networkEndpoint(await ctx.transport(), 'connect', network, {
    Container: container,
    EndpointConfig: {
      IPAMConfig: { IPv4Address: str(p, 'ip'), IPv6Address: str(p, 'ip6'), LinkLocalIPs: strings(p, 'link-local-ip') },
      Links: list(p, 'link'), Aliases: strings(p, 'alias'), DriverOpts: driverOpts, GwPriority: num(p, 'gw-priority'),
    },
  });
  return 0;
}

/** `wharf network connect`. */
export const command: CommandSpec = {
  name: 'network connect',
  use: 'network connect [OPTIONS] NETWORK CONTAINER',
  short: 'Connect a container to a network',
  flags: [
    { long: 'alias', type: 'stringArray', valueName: 'strings', usage: 'Add network-scoped alias for the container' },
    { long: 'driver-opt', type: 'stringArray', valueName: 'strings', usage: 'driver options for the network' },
    { long: 'gw-priority', type: 'int', usage: 'Highest gw-priority provides the default gateway. Accepts positive and negative values.' },
    { long: 'ip', type: 'string', usage: 'IPv4 address (e.g., "172.30.100.104")' },
    { long: 'ip6', type: 'string', usage: 'IPv6 address (e.g., "2001:db8::33")' },
    { long: 'link', type: 'stringArray', valueName: 'list', usage: 'Add link to another container' },
    { long: 'link-local-ip', type: 'stringArray', valueName: 'strings', usage: 'Add a link-local address for the container' },
  ],
  args: { kind: 'exact', n: 2 },
  run,
};
