/**
 * `wharf port CONTAINER [PRIVATE_PORT[/PROTO]]`: the published ports of a container, read from
 * inspect's NetworkSettings.Ports as the docker CLI reads them, sorted in natural order.
 */
import { inspectContainer } from '../../client/api/containers.js';
import type { CommandSpec } from '../command.js';
import { StatusError } from '../errors.js';
import { parseUint16Port, naturalLess } from './shared/port-text.js';

type Bindings = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null | undefined;

/** Go's net.JoinHostPort. */
const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

function lines(ports: Bindings, wanted: string | undefined, container: string): string[] {
  if (wanted === undefined) {
    return Object.entries(ports ?? {}).flatMap(([from, fronts]) => (fronts ?? []).map((f) => `${from} -> ${joinHostPort(f.HostIp ?? '', f.HostPort ?? '')}`));
  }
  const slash = wanted.indexOf('/');
  const port = slash < 0 ? wanted : wanted.slice(0, slash);
  const proto = slash < 0 || slash === wanted.length - 1 ? 'tcp' : wanted.slice(slash + 1);
  parseUint16Port(port);
  const fronts = ports?.[`${port}/${proto}`];
  if (!fronts || fronts.length === 0) throw new StatusError(1, `Error: No public port '${wanted}' published for ${container}`);
  return fronts.map((f) => joinHostPort(f.HostIp ?? '', f.HostPort ?? ''));
}

/** `wharf port`. */
export const command: CommandSpec = {
  name: 'port',
  use: 'port CONTAINER [PRIVATE_PORT[/PROTO]]',
  short: 'List port mappings or a specific mapping for the container',
  aliases: ['container port'],
  flags: [],
  args: { kind: 'range', min: 1, max: 2 },
  run: async (ctx, p) => {
    const [container = '', wanted] = p.args;
    const t = await ctx.transport();
    const c = await inspectContainer(t, container) as { NetworkSettings?: { Ports?: Bindings } };
    const out = lines(c.NetworkSettings?.Ports, wanted, container).sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
    if (out.length > 0) ctx.out(`${out.join('\n')}\n`);
    return 0;
  },
};
