/**
 * Where a registry name is served and how to trust it, as dockerd decides (registry/service.go):
 * docker.io goes to its mirrors first, then registry-1.docker.io; any other registry is HTTPS with
 * the system CAs plus `certs.d/<host:port>/*.crt` (client pairs `*.cert`/`*.key`), and when the
 * registry is insecure (`insecure-registries`, 127.0.0.0/8 by default) TLS is not verified and
 * plain HTTP is tried after HTTPS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { DEFAULT_DOMAIN } from '../../reference/reference.js';

/** Docker Hub's registry as dockerd names it. */
export const HUB_REGISTRY = 'registry-1.docker.io';

export interface TlsSettings {
  /** PEM CAs to trust (system roots included); undefined: Node's defaults. */
  ca?: string[];
  cert?: string;
  key?: string;
  /** False for insecure registries: TLS without verification. */
  verify: boolean;
}

/** One place to send a registry's requests, in the order dockerd tries them. */
export interface Endpoint {
  /** `https://host:port` (no trailing slash). */
  base: string;
  tls: TlsSettings;
  /** A docker.io mirror: any failure there moves on to the next endpoint. */
  mirror: boolean;
}

export interface HostsOptions {
  /** `insecure-registries`: `host[:port]` names or CIDRs. */
  insecure?: string[];
  /** `registry-mirrors`: base URLs for docker.io. */
  mirrors?: string[];
  /** Where `certs.d` trees are (default /etc/wharf/certs.d then /etc/docker/certs.d). */
  certDirs?: string[];
}

export class InvalidRegistryConfigError extends Error {
  readonly code = 'INVALID_REGISTRY_CONFIG';
}

interface Cidr { base: number; bits: number }

const ipv4 = (ip: string): number => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
const inCidr = (ip: string, c: Cidr): boolean => c.bits === 0 || ((ipv4(ip) ^ c.base) >>> (32 - c.bits)) === 0;

export class RegistryHosts {
  readonly #names = new Set<string>();
  readonly #cidrs: Cidr[] = [{ base: ipv4('127.0.0.0'), bits: 8 }];
  readonly #mirrors: string[];
  readonly #certDirs: string[];

  constructor(o: HostsOptions = {}) {
    for (const entry of o.insecure ?? []) {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
      if (m && isIP(m[1]!) === 4 && Number(m[2]) <= 32) this.#cidrs.push({ base: ipv4(m[1]!), bits: Number(m[2]) });
      else if (entry.includes('://')) throw new InvalidRegistryConfigError(`insecure registry ${entry} should not contain '://'`);
      else this.#names.add(entry);
    }
    this.#mirrors = (o.mirrors ?? []).map((m) => {
      let u: URL;
      try {
        u = new URL(m);
      } catch {
        throw new InvalidRegistryConfigError(`invalid mirror: "${m}" is not a valid URI`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InvalidRegistryConfigError(`invalid mirror: unsupported scheme "${u.protocol.slice(0, -1)}" in "${m}"`);
      return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    });
    this.#certDirs = o.certDirs ?? ['/etc/wharf/certs.d', '/etc/docker/certs.d'];
  }

  /** Whether `host[:port]` is insecure: named in the list, or resolving into an insecure CIDR. */
  async insecure(host: string): Promise<boolean> {
    if (this.#names.has(host)) return true;
    const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (this.#names.has(name)) return true;
    let addrs: string[];
    if (isIP(name)) addrs = [name];
    else addrs = await lookup(name, { all: true, family: 4 }).then((r) => r.map((a) => a.address), () => []);
    return addrs.some((a) => isIP(a) === 4 && this.#cidrs.some((c) => inCidr(a, c)));
  }

  /** The endpoints of a registry domain, in the order they are tried. */
  async endpoints(domain: string): Promise<Endpoint[]> {
    const out: Endpoint[] = [];
    if (domain === DEFAULT_DOMAIN) {
      for (const m of this.#mirrors) {
        const host = new URL(m).host;
        out.push({ base: m, tls: this.tls(host, await this.insecure(host)), mirror: true });
      }
      out.push({ base: `https://${HUB_REGISTRY}`, tls: this.tls(HUB_REGISTRY, false), mirror: false });
      return out;
    }
    const insecure = await this.insecure(domain);
    out.push({ base: `https://${domain}`, tls: this.tls(domain, insecure), mirror: false });
    if (insecure) out.push({ base: `http://${domain}`, tls: { verify: false }, mirror: false });
    return out;
  }

  /** TLS for `host`: certs.d CAs added to the system roots, a client pair if there is one. */
  tls(host: string, insecure: boolean): TlsSettings {
    const extra: string[] = [];
    let cert: string | undefined;
    let key: string | undefined;
    for (const root of this.#certDirs) {
      const dir = join(root, host);
      let files: string[];
      try {
        files = readdirSync(dir).sort();
      } catch {
        continue;
      }
      for (const f of files) {
        if (f.endsWith('.crt')) extra.push(readFileSync(join(dir, f), 'utf8'));
        else if (f.endsWith('.cert')) {
          const keyFile = `${f.slice(0, -5)}.key`;
          if (!files.includes(keyFile)) throw new InvalidRegistryConfigError(`missing key ${keyFile} for client certificate ${f}. CA certificates must use the extension .crt`);
          cert ??= readFileSync(join(dir, f), 'utf8');
          key ??= readFileSync(join(dir, keyFile), 'utf8');
        } else if (f.endsWith('.key') && !files.includes(`${f.slice(0, -4)}.cert`)) {
          throw new InvalidRegistryConfigError(`missing client certificate ${f.slice(0, -4)}.cert for key ${f}`);
        }
      }
    }
    return {
      verify: !insecure,
      ...(extra.length ? { ca: [...rootCertificates, ...extra] } : {}),
      ...(cert && key ? { cert, key } : {}),
    };
  }
}
