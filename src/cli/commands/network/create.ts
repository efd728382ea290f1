/** `wharf network create [OPTIONS] NETWORK`: `POST /networks/create`, printing the new network's ID. */
import { createNetwork } from '../../../client/api/networks.js';
import type { CommandSpec } from '../../command.js';
import type { CliContext } from '../../context.js';
import { StatusError } from '../../errors.js';
import { bool, list, str, type ParsedFlags } from '../../flags/types.js';
import { checkLabel } from '../run/host-options.js';
import { parseLabels } from '../run/config.js';
import { ipamConfig } from './ipam-flags.js';

/** docker's MapOpts: `k=v`, or `k` alone for an empty value; a later key wins. */
function parseMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    out[i < 0 ? v : v.slice(0, i)] = i < 0 ? '' : v.slice(i + 1);
  }
  return out;
}

/** pflag's StringSlice: each value split on commas. */
const strings = (p: ParsedFlags, name: string) => list(p, name).flatMap((v) => v.split(',')).filter((v) => v !== '');

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  let config;
  try {
    config = ipamConfig({ subnets: strings(p, 'subnet'), ranges: strings(p, 'ip-range'), gateways: strings(p, 'gateway'), aux: parseMap(list(p, 'aux-address')) });
  } catch (e) {
    throw new StatusError(1, (e as Error).message);
  }
  const t = await ctx.transport();
  const r = await createNetwork(t, {
    Name: p.args[0]!, Driver: str(p, 'driver'), Scope: str(p, 'scope') || undefined, Internal: bool(p, 'internal'), Attachable: bool(p, 'attachable'),
    Ingress: bool(p, 'ingress'), ConfigOnly: bool(p, 'config-only'), ...(str(p, 'config-from') ? { ConfigFrom: { Network: str(p, 'config-from') } } : {}),
    ...(p.changed.has('ipv4') ? { EnableIPv4: bool(p, 'ipv4') } : {}), ...(p.changed.has('ipv6') ? { EnableIPv6: bool(p, 'ipv6') } : {}),
    IPAM: { Driver: str(p, 'ipam-driver'), Options: parseMap(list(p, 'ipam-opt')), Config: config },
    Options: parseMap(list(p, 'opt')), Labels: parseLabels(list(p, 'label')),
  });
  if (r.Warning) ctx.err(`${r.Warning}\n`);
  ctx.out(`${r.Id}\n`);
  return 0;
}

const map = (long: string, usage: string, short?: string) => ({ long, ...(short ? { short } : {}), type: 'stringArray' as const, valueName: 'map', helpDefault: 'map[]', usage });
const slice = (long: string, usage: string) => ({ long, type: 'stringArray' as const, valueName: 'strings', usage });

/** `wharf network create`. */
export const command: CommandSpec = {
  name: 'network create',
  use: 'network create [OPTIONS] NETWORK',
  short: 'Create a network',
  flags: [
    { long: 'attachable', type: 'bool', usage: 'Enable manual container attachment' },
    map('aux-address', 'Auxiliary IPv4 or IPv6 addresses used by Network driver'),
    { long: 'config-from', type: 'string', usage: 'The network from which to copy the configuration' },
    { long: 'config-only', type: 'bool', usage: 'Create a configuration only network' },
    { long: 'driver', short: 'd', type: 'string', default: 'bridge', usage: 'Driver to manage the Network' },
    slice('gateway', 'IPv4 or IPv6 Gateway for the master subnet'),
    { long: 'ingress', type: 'bool', usage: 'Create swarm routing-mesh network' },
    { long: 'internal', type: 'bool', usage: 'Restrict external access to the network' },
    slice('ip-range', 'Allocate container ip from a sub-range'),
    { long: 'ipam-driver', type: 'string', default: 'default', usage: 'IP Address Management Driver' },
    map('ipam-opt', 'Set IPAM driver specific options'),
    { long: 'ipv4', type: 'bool', default: true, usage: 'Enable or disable IPv4 address assignment' },
    { long: 'ipv6', type: 'bool', usage: 'Enable or disable IPv6 address assignment' },
    { long: 'label', type: 'stringArray', valueName: 'list', usage: 'Set metadata on a network', check: checkLabel },
    map('opt', 'Set driver specific options', 'o'),
    { long: 'scope', type: 'string', usage: "Control the network's scope" },
    slice('subnet', 'Subnet in CIDR format that represents a network segment'),
  ],
  args: { kind: 'exact', n: 1 },
  run,
};
