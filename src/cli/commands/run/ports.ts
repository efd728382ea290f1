/**
 * `-p/--publish` and `--expose` parsing as docker's go-connections nat.ParsePortSpecs:
 * `[ip:][hostPort:]containerPort[/proto]` with ranges (`8000-8001:9000-9001/udp`) and `[::1]:80:80`.
 */

/** One host binding of a container port. */
export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/** Exposed ports and their bindings, keyed `80/tcp`. */
export interface PortSpecs {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, PortBinding[]>;
}

function parseRange(s: string, what: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) throw new Error(`invalid ${what}: ${s}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || b < a) throw new Error(`invalid ${what}: ${s}`);
  return [a, b];
}

function splitSpec(raw: string): { ip: string; host: string; container: string } {
  let rest = raw;
  let ip = '';
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    ip = v6[1] ?? '';
    rest = v6[2] ?? '';
    const i = rest.indexOf(':');
    return i < 0 ? { ip, host: '', container: rest } : { ip, host: rest.slice(0, i), container: rest.slice(i + 1) };
  }
  const parts = rest.split(':');
  if (parts.length === 1) return { ip, host: '', container: parts[0] ?? '' };
  if (parts.length === 2) return { ip, host: parts[0] ?? '', container: parts[1] ?? '' };
  return { ip: parts.slice(0, -2).join(':'), host: parts[parts.length - 2] ?? '', container: parts[parts.length - 1] ?? '' };
}

/** Adds one `-p` value to `specs`. Throws with docker's message for bad input. */
export function addPublish(specs: PortSpecs, raw: string): void {
  const slash = raw.lastIndexOf('/');
  const proto = slash >= 0 ? raw.slice(slash + 1).toLowerCase() : 'tcp';
  const { ip, host, container } = splitSpec(slash >= 0 ? raw.slice(0, slash) : raw);
  if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new Error(`invalid proto: ${proto}`);
  if (container === '') throw new Error(`no port specified: ${raw}<empty>`);
  const [c0, c1] = parseRange(container, 'containerPort');
  const [h0, h1] = host === '' ? [0, 0] : parseRange(host, 'hostPort');
  const hostRange = host !== '' && h1 !== h0;
  if (hostRange && c1 !== c0 && h1 - h0 !== c1 - c0) {
    throw new Error(`invalid ranges specified for container and host Ports: ${container} and ${host}`);
  }
  for (let p = c0; p <= c1; p++) {
    const key = `${p}/${proto}`;
    let hostPort = '';
    if (host !== '') hostPort = c1 === c0 ? host : hostRange ? String(h0 + (p - c0)) : host;
    specs.exposed[key] = {};
    (specs.bindings[key] ??= []).push({ HostIp: ip, HostPort: hostPort });
  }
}

/** Adds one `--expose` value (`80`, `80/udp`, `8000-8010`). */
export function addExpose(specs: PortSpecs, raw: string): void {
  const slash = raw.lastIndexOf('/');
  const proto = slash >= 0 ? raw.slice(slash + 1) : 'tcp';
  const [a, b] = parseRange(slash >= 0 ? raw.slice(0, slash) : raw, 'range format for --expose');
  for (let p = a; p <= b; p++) specs.exposed[`${p}/${proto}`] = {};
}
