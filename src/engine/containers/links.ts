/**
 * Legacy links (`--link target:alias`, HostConfig.Links stored as `/target:/me/alias`) on the
 * default bridge, as moby's daemon/links: an /etc/hosts line for the target (`ip alias shortid
 * name`) and Docker's environment variables (ALIAS_PORT_80_TCP=tcp://ip:80 and the rest,
 * ALIAS_NAME, ALIAS_ENV_x for the target's own variables but HOME and PATH). Read at each start,
 * so a target that moved to another address is seen at the next one. User networks ignore links
 * for both (names resolve through DNS there), as Docker does.
 */
import type { ContainerRecord } from './record.js';

export interface ResolvedLink {
  alias: string;
  /** `/me/alias`, the ALIAS_NAME value. */
  name: string;
  target: ContainerRecord;
  ip: string;
}

/** The links of `rec` whose targets run and have an address on the default bridge. */
export function resolveLinks(rec: ContainerRecord, find: (idOrName: string) => ContainerRecord | undefined): ResolvedLink[] {
  const out: ResolvedLink[] = [];
  for (const l of (rec.HostConfig.Links ?? []) as string[]) {
    const [targetName = '', name = ''] = l.split(':');
    const target = find(targetName.replace(/^\//, ''));
    const ip = target?.NetworkSettings?.Networks['bridge']?.IPAddress;
    if (!target || !ip) continue;
    out.push({ alias: name.slice(name.lastIndexOf('/') + 1), name, target, ip });
  }
  return out;
}

export function linkHostsEntry(l: ResolvedLink): { ip: string; names: string[] } {
  return { ip: l.ip, names: [l.alias, l.target.Id.slice(0, 12), l.target.Name.slice(1)] };
}

/** moby's links.Link.ToEnv, for one link. */
export function linkEnv(l: ResolvedLink): string[] {
  const prefix = l.alias.toUpperCase().replace(/-/g, '_');
  const ports = Object.keys(l.target.Config.ExposedPorts ?? {})
    .map((k) => { const [p = '0', proto = 'tcp'] = k.split('/'); return { port: Number(p), proto }; })
    .sort((a, b) => a.port - b.port || (a.proto === 'tcp' ? -1 : b.proto === 'tcp' ? 1 : 0));
  const env: string[] = [];
  if (ports[0]) env.push(`${prefix}_PORT=${ports[0].proto}://${l.ip}:${ports[0].port}`);
  for (const { port, proto } of ports) {
    const k = `${prefix}_PORT_${port}_${proto.toUpperCase()}`;
    env.push(`${k}=${proto}://${l.ip}:${port}`, `${k}_ADDR=${l.ip}`, `${k}_PORT=${port}`, `${k}_PROTO=${proto}`);
  }
  env.push(`${prefix}_NAME=${l.name}`);
  for (const kv of l.target.Config.Env ?? []) {
    const i = kv.indexOf('=');
    if (i < 0) continue;
    const key = kv.slice(0, i);
    if (key === 'HOME' || key === 'PATH') continue;
    env.push(`${prefix}_ENV_${key}=${kv.slice(i + 1)}`);
  }
  return env;
}
