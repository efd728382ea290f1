/**
 * Published ports: what a container asks for (`ExposedPorts`, `PortBindings`, `PublishAllPorts`),
 * and the host ports held for it while it runs.
 *
 * netavark 1.4 writes DNAT rules for any host port without looking whether it is free, so the
 * daemon holds each published port itself: a bound socket (a TCP listener that drops what it
 * gets, which DNAT keeps from reaching it; a bound UDP socket). That is what finds a port that a
 * process or another container has, as docker-proxy does for Docker, and it keeps the port ours
 * while the container runs. A table of what Wharf holds gives Docker's "port is already allocated"
 * before the kernel is asked. Random ports count up from the start of the kernel's ephemeral range,
 * one counter per address and protocol, as Docker's port allocator does.
 *
 * As in Docker, only exposed ports are published (the CLI adds every `-p` port to ExposedPorts).
 * Wharf's bridges are IPv4 only, so a binding on all addresses is `0.0.0.0` alone, without the
 * `::` entry Docker 20.10 adds for its IPv6 proxy.
 */
import { createServer, isIPv4, type Server } from 'node:net';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { PortMapping, PortProtocol } from './driver.js';
import type { PortBinding, PortMap } from './endpoint.js';

/** One host binding asked for a container port. `hostPort` 0 is a random port; a range takes its first free port. */
export interface PortRequest {
  key: string;
  containerPort: number;
  protocol: PortProtocol;
  /** '' for every address. */
  hostIp: string;
  hostPort: number;
  hostPortEnd: number;
}

export interface PortPlan {
  requests: PortRequest[];
  /** Exposed ports without a binding: `null` in NetworkSettings.Ports. */
  unpublished: string[];
}

/** A port request Docker refuses at create (400). */
export class InvalidPortSpecError extends Error {}

/** A host port that cannot be had; `detail` in Docker's words, the message once the endpoint is named. */
export class PortAllocationError extends Error {
  constructor(readonly detail: string, endpoint?: { name: string; id: string }) {
    super(endpoint ? `driver failed programming external connectivity on endpoint ${endpoint.name} (${endpoint.id}): ${detail}` : detail);
  }
}

const PORT = /^\d{1,5}$/;

function portNumber(text: string): number {
  if (!PORT.test(text) || Number(text) > 65535) throw new InvalidPortSpecError(`invalid port specification: "${text}"`);
  return Number(text);
}

/** `80/tcp`, `80` (tcp), `80/UDP` → port and protocol. */
export function parsePortKey(key: string): { port: number; protocol: PortProtocol } {
  const [p = '', proto = 'tcp'] = key.split('/');
  const protocol = proto.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') throw new InvalidPortSpecError(`invalid transport protocol: ${proto}`);
  return { port: portNumber(p), protocol };
}

/** Checks a create's bindings as Docker does (400 `invalid port specification`). */
export function checkPortBindings(bindings: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null | undefined): void {
  for (const [key, list] of Object.entries(bindings ?? {})) {
    parsePortKey(key);
    for (const b of list ?? []) hostRange(b.HostPort ?? '');
  }
}

function hostRange(text: string): [number, number] {
  const t = text.replace(/\/.*$/, ''); // Docker ignores a protocol suffix on a host port
  if (t === '' || t === '0') return [0, 0];
  const m = /^(\d+)-(\d+)$/.exec(t);
  if (!m) { const n = portNumber(t); return [n, n]; }
  const a = portNumber(m[1]!);
  const b = portNumber(m[2]!);
  if (b < a) throw new InvalidPortSpecError(`invalid port specification: "${text}"`);
  return [a, b];
}

/** The requests of a container: each exposed port's bindings, random ones for every unbound exposed port with `publishAll`. */
export function planPorts(exposed: Record<string, unknown> | null | undefined, bindings: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null | undefined, publishAll: boolean): PortPlan {
  const byKey = new Map<string, Array<{ HostIp?: string; HostPort?: string }>>();
  for (const [k, list] of Object.entries(bindings ?? {})) {
    const { port, protocol } = parsePortKey(k);
    byKey.set(`${port}/${protocol}`, [...(byKey.get(`${port}/${protocol}`) ?? []), ...(list ?? [])]);
  }
  const plan: PortPlan = { requests: [], unpublished: [] };
  for (const k of Object.keys(exposed ?? {}).sort()) {
    const { port, protocol } = parsePortKey(k);
    const key = `${port}/${protocol}`;
    const list = byKey.get(key) ?? [];
    const wanted = list.length > 0 ? list : publishAll ? [{ HostIp: '', HostPort: '' }] : [];
    if (wanted.length === 0) plan.unpublished.push(key);
    for (const b of wanted) {
      const [hostPort, hostPortEnd] = hostRange(b.HostPort ?? '');
      const ip = b.HostIp === '0.0.0.0' ? '' : b.HostIp ?? '';
      if (ip !== '' && !isIPv4(ip)) throw new InvalidPortSpecError(`invalid host IP for port ${key}: ${ip} (Wharf publishes on IPv4 addresses)`);
      plan.requests.push({ key, containerPort: port, protocol, hostIp: ip, hostPort, hostPortEnd });
    }
  }
  return plan;
}

/** One port held for a container. */
interface Held { key: string; containerPort: number; protocol: PortProtocol; hostIp: string; hostPort: number; socket?: Server | Socket }

export interface Reservation {
  mappings: PortMapping[];
  ports: PortMap;
}

/** The kernel's ephemeral range (Docker's allocator takes the same). */
function ephemeralRange(): [number, number] {
  try {
    const [a, b] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (a && b && a <= b) return [a, b];
  } catch { /* fall back to Docker's defaults */ }
  return [32768, 60999];
}

export class PortReserver {
  readonly #held = new Map<string, Held[]>();
  /** `tcp:127.0.0.1:8080` → container ID; '' is every address. */
  readonly #table = new Map<string, string>();
  readonly #next = new Map<string, number>();
  readonly #range = ephemeralRange();

  /** Holds every port of `plan` for `containerId`, all or nothing. */
  async reserve(containerId: string, plan: PortPlan, endpoint: { name: string; id: string }): Promise<Reservation> {
    this.release(containerId);
    const held: Held[] = [];
    this.#held.set(containerId, held);
    try {
      for (const r of plan.requests) held.push(await this.#take(containerId, r));
    } catch (e) {
      this.release(containerId);
      throw e instanceof PortAllocationError ? new PortAllocationError(e.detail, endpoint) : e;
    }
    return { mappings: mappingsOf(held), ports: portMapOf(held, plan.unpublished) };
  }

  /** After a daemon restart: holds again what a running container had; a port that is gone stays unheld. */
  async restore(containerId: string, ports: PortMap): Promise<void> {
    const held: Held[] = [];
    this.#held.set(containerId, held);
    for (const [key, list] of Object.entries(ports)) {
      const { port, protocol } = parsePortKey(key);
      for (const b of list ?? []) {
        const ip = b.HostIp === '0.0.0.0' ? '' : b.HostIp;
        const h: Held = { key, containerPort: port, protocol, hostIp: ip, hostPort: Number(b.HostPort) };
        this.#table.set(tableKey(protocol, ip, h.hostPort), containerId);
        h.socket = await bindPort(protocol, ip, h.hostPort).catch(() => undefined);
        held.push(h);
      }
    }
  }

  release(containerId: string): void {
    for (const h of this.#held.get(containerId) ?? []) {
      h.socket?.close();
      const k = tableKey(h.protocol, h.hostIp, h.hostPort);
      if (this.#table.get(k) === containerId) this.#table.delete(k);
    }
    this.#held.delete(containerId);
  }

  async #take(containerId: string, r: PortRequest): Promise<Held> {
    const candidates = r.hostPort === 0 ? this.#randomCandidates(r) : range(r.hostPort, r.hostPortEnd);
    let last: PortAllocationError | undefined;
    for (const port of candidates) {
      const k = tableKey(r.protocol, r.hostIp, port);
      if (this.#table.has(k)) {
        last = new PortAllocationError(`Bind for ${r.hostIp || '0.0.0.0'}:${port} failed: port is already allocated`);
        continue;
      }
      this.#table.set(k, containerId); // claimed before the await, so a concurrent reserve sees it
      try {
        const socket = r.protocol === 'sctp' ? undefined : await bindPort(r.protocol, r.hostIp, port);
        if (r.hostPort === 0) this.#next.set(`${r.protocol}:${r.hostIp}`, port + 1);
        return { key: r.key, containerPort: r.containerPort, protocol: r.protocol, hostIp: r.hostIp, hostPort: port, ...(socket ? { socket } : {}) };
      } catch (e) {
        this.#table.delete(k);
        last = new PortAllocationError(`Error starting userland proxy: listen ${r.protocol}4 ${r.hostIp || '0.0.0.0'}:${port}: bind: ${errnoText(e)}`);
        // A fixed port held by a process fails at once, as Docker's does; a random one tries the next.
        if (r.hostPort !== 0 && r.hostPort === r.hostPortEnd) break;
      }
    }
    if (r.hostPort !== r.hostPortEnd && last?.detail.includes('already allocated')) throw new PortAllocationError('all ports are allocated');
    throw last ?? new PortAllocationError('all ports are allocated');
  }

  /** From the counter of this address and protocol on, wrapping once around the ephemeral range. */
  *#randomCandidates(r: PortRequest): Generator<number> {
    const [lo, hi] = this.#range;
    const start = Math.min(Math.max(this.#next.get(`${r.protocol}:${r.hostIp}`) ?? lo, lo), hi);
    for (let p = start; p <= hi; p++) yield p;
    for (let p = lo; p < start; p++) yield p;
  }
}

function* range(a: number, b: number): Generator<number> {
  for (let p = a; p <= b; p++) yield p;
}

const tableKey = (protocol: string, ip: string, port: number) => `${protocol}:${ip}:${port}`;

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'address already in use';
  if (code === 'EADDRNOTAVAIL') return 'cannot assign requested address';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}

/** Binds `ip:port` (every IPv4 address for ''); a TCP listener destroys any connection that reaches it. */
function bindPort(protocol: 'tcp' | 'udp' | 'sctp', ip: string, port: number): Promise<Server | Socket> {
  const host = ip || '0.0.0.0';
  return new Promise((resolve, reject) => {
    if (protocol === 'udp') {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind({ address: host, port, exclusive: true }, () => {
        s.removeListener('error', reject);
        s.on('error', () => {});
        s.unref();
        resolve(s);
      });
      return;
    }
    const srv = createServer((c) => c.destroy());
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true, backlog: 1 }, () => {
      srv.removeListener('error', reject);
      srv.on('error', () => {});
      srv.unref();
      resolve(srv);
    });
  });
}

function mappingsOf(held: Held[]): PortMapping[] {
  return held.map((h) => ({ host_ip: h.hostIp, container_port: h.containerPort, host_port: h.hostPort, range: 1, protocol: h.protocol }));
}

/** NetworkSettings.Ports: keys sorted, unpublished exposed ports null. */
function portMapOf(held: Held[], unpublished: string[]): PortMap {
  const map: PortMap = {};
  for (const k of unpublished) map[k] = null;
  for (const h of held) ((map[h.key] ??= []) as PortBinding[]).push({ HostIp: h.hostIp || '0.0.0.0', HostPort: String(h.hostPort) });
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `GET /containers/json`'s Ports of a running container: one per binding, `{PrivatePort, Type}` for unpublished ones. */
export function summaryPorts(ports: PortMap): Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }> {
  const out: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }> = [];
  for (const [key, list] of Object.entries(ports)) {
    const [p, type = 'tcp'] = key.split('/');
    if (!list) out.push({ PrivatePort: Number(p), Type: type });
    else for (const b of list) out.push({ IP: b.HostIp, PrivatePort: Number(p), PublicPort: Number(b.HostPort), Type: type });
  }
  return out;
}
