/** docker's DisplayablePorts: `0.0.0.0:8080->80/tcp, 5000-5001/udp` for `ps`. */
import type { PortSummary } from '../../client/api/types.js';

interface Group {
  first: number;
  last: number;
}

function comparePorts(a: PortSummary, b: PortSummary): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
  if ((a.IP ?? '') !== (b.IP ?? '')) return (a.IP ?? '') < (b.IP ?? '') ? -1 : 1;
  if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
  return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function formGroup(key: string, g: Group): string {
  const slash = key.lastIndexOf('/');
  const ip = slash >= 0 ? key.slice(0, slash) : '';
  const type = slash >= 0 ? key.slice(slash + 1) : key;
  let range = String(g.first);
  if (g.first !== g.last) range += `-${g.last}`;
  if (ip !== '') range = `${ip.includes(':') ? `[${ip}]` : ip}:${range}->${range}`;
  return `${range}/${type}`;
}

/** Formats a container's ports like `docker ps`: ranges grouped, host mappings last. */
export function displayablePorts(ports: readonly PortSummary[]): string {
  const groups = new Map<string, Group>();
  const result: string[] = [];
  const mappings: string[] = [];
  for (const p of [...ports].sort(comparePorts)) {
    const cur = p.PrivatePort;
    let key = p.Type;
    if (p.IP) {
      if (p.PublicPort !== cur) {
        mappings.push(`${joinHostPort(p.IP, p.PublicPort ?? 0)}->${cur}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { first: cur, last: cur });
    else if (cur === g.last + 1) g.last = cur;
    else {
      result.push(formGroup(key, g));
      groups.set(key, { first: cur, last: cur });
    }
  }
  for (const [key, g] of groups) result.push(formGroup(key, g));
  return [...result, ...mappings].join(', ');
}
