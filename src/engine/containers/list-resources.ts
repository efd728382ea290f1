/**
 * What the `volume`, `network`, `expose` and `publish` list filters look at, read from the record
 * (MountPoints, NetworkMode, ExposedPorts/PortBindings) until networks keep state of their
 * own. Docker matches ports on the live port map of a container, which exists only
 * while it runs attached to a network, so ports count only then.
 */
import { InvalidArgumentError } from '../errors.js';
import type { ContainerRecord } from './record.js';

/** A mount as the volume filter sees it: a volume name or host path, and where it is mounted. */
export interface MountPointView { name: string; source: string; destination: string }

/** The container's mount points (binds, volumes, --mount tmpfs), as Docker's filter reads its Mounts. */
export function mountPoints(rec: ContainerRecord): MountPointView[] {
  return (rec.MountPoints ?? []).map((m) => ({ name: m.Name ?? '', source: m.Source, destination: m.Destination }));
}

/** Names of the networks a container is on: `default` is `bridge`; `container:x` shares another's. */
export function networkNames(rec: ContainerRecord): string[] {
  const mode = rec.HostConfig.NetworkMode || 'default';
  if (mode.startsWith('container:')) return [];
  return [mode === 'default' ? 'bridge' : mode];
}

const hasPortMap = (rec: ContainerRecord): boolean =>
  rec.State.Status === 'running' && networkNames(rec).some((n) => n !== 'none');

/** Container ports (`80/tcp`) exposed while it runs: ExposedPorts and the keys of PortBindings. */
export function exposedPorts(rec: ContainerRecord): Set<string> {
  if (!hasPortMap(rec)) return new Set();
  return new Set([...Object.keys(rec.Config.ExposedPorts ?? {}), ...Object.keys(rec.HostConfig.PortBindings ?? {})].map(withProto));
}

/** Host ports (`8080/tcp`) published while it runs, where the binding names one. */
export function publishedPorts(rec: ContainerRecord): Set<string> {
  if (!hasPortMap(rec)) return new Set();
  const out = new Set<string>();
  for (const [port, bindings] of Object.entries(rec.HostConfig.PortBindings ?? {})) {
    const proto = withProto(port).split('/')[1];
    for (const b of bindings ?? []) if (b.HostPort) out.add(`${b.HostPort}/${proto}`);
  }
  return out;
}

function withProto(port: string): string {
  return port.includes('/') ? port : `${port}/tcp`;
}

/** Go's strconv.ParseUint(s, 10, 16), with its error text. */
function parsePort(s: string): number {
  if (!/^\d+$/.test(s)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** go-connections' ParsePortRange: `80` or `8000-8080`. */
function parsePortRange(ports: string): [number, number] {
  if (ports === '') throw new Error('Empty string specified for ports.');
  if (!ports.includes('-')) return [parsePort(ports), parsePort(ports)];
  const [a = '', b = ''] = ports.split('-');
  const start = parsePort(a);
  const end = parsePort(b);
  if (end < start) throw new Error(`Invalid range specified for the Port: ${ports}`);
  return [start, end];
}

/** A `publish`/`expose` value (`80`, `80/udp`, `8000-8080/tcp`) as `port/proto` entries; Docker's messages. */
export function parsePortFilter(key: string, value: string): string[] {
  if (value.includes(':')) throw new InvalidArgumentError(`filter for '${key}' should not contain ':': ${value}`);
  const [port = '', proto = ''] = value.split('/'); // nat.SplitProtoPort
  let range: [number, number];
  try {
    range = parsePortRange(port);
  } catch (e) {
    throw new InvalidArgumentError(`error while looking up for ${key} ${value}: ${(e as Error).message}`);
  }
  return Array.from({ length: range[1] - range[0] + 1 }, (_, i) => `${range[0] + i}/${proto || 'tcp'}`);
}
