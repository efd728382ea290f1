/**
 * docker's createIPAMConfig (cli/command/network/create.go): `--subnet`, `--ip-range`, `--gateway`
 * and `--aux-address` consolidated into one IPAM config per subnet, refused client-side with
 * docker's messages when a range, gateway or auxiliary address has no subnet of its own.
 */
import type { IpamConfigWire } from '../../../client/api/networks.js';

/** A dotted IPv4 address as a number (the CLI parses on its own: it sits above the daemon's network layer). */
function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((x) => /^\d{1,3}$/.test(x) && Number(x) <= 255)) return undefined;
  return parts.reduce((n, x) => n * 256 + Number(x), 0);
}

/** `a.b.c.d/n` as its first address and prefix length. */
function prefix(text: string): { addr: number; bits: number } | undefined {
  const [ip, bits, ...rest] = text.split('/');
  const addr = ipv4(ip ?? '');
  if (rest.length > 0 || addr === undefined || !/^\d{1,2}$/.test(bits ?? '') || Number(bits) > 32) return undefined;
  return { addr, bits: Number(bits) };
}

/** Whether `data` (an address or a prefix) lies in `subnet`; false for what does not parse, as docker's subnetMatches. */
function subnetMatches(subnet: string, data: string): boolean {
  const s = prefix(subnet);
  const ip = data.includes('/') ? prefix(data)?.addr : ipv4(data);
  if (!s || ip === undefined) return false;
  const span = 2 ** (32 - s.bits);
  const base = Math.floor(s.addr / span) * span;
  return ip >= base && ip < base + span;
}

export interface IpamFlags { subnets: string[]; ranges: string[]; gateways: string[]; aux: Record<string, string> }

export function ipamConfig(o: IpamFlags): IpamConfigWire[] {
  if (o.subnets.length < o.ranges.length || o.subnets.length < o.gateways.length) {
    throw new Error('every ip-range or gateway must have a corresponding subnet');
  }
  const data = new Map<string, IpamConfigWire & { AuxiliaryAddresses: Record<string, string> }>();
  for (const s of o.subnets) {
    for (const k of data.keys()) {
      if (subnetMatches(s, k) || subnetMatches(k, s)) throw new Error('multiple overlapping subnet configuration is not supported');
    }
    data.set(s, { Subnet: s, AuxiliaryAddresses: {} });
  }
  const place = (value: string, what: 'range' | 'gateway', set: (c: IpamConfigWire) => string | undefined, put: (c: IpamConfigWire) => void) => {
    let match = false;
    for (const s of o.subnets) {
      if (!subnetMatches(s, value)) continue;
      const c = data.get(s)!;
      const had = set(c);
      if (had) {
        throw new Error(what === 'range'
          ? `cannot configure multiple ranges (${value}, ${had}) on the same subnet (${s})`
          : `cannot configure multiple gateways (${value}, ${had}) for the same subnet (${s})`);
      }
      put(c);
      match = true;
    }
    if (!match) throw new Error(`no matching subnet for ${what} ${value}`);
  };
  for (const r of o.ranges) place(r, 'range', (c) => c.IPRange, (c) => { c.IPRange = r; });
  for (const g of o.gateways) place(g, 'gateway', (c) => c.Gateway, (c) => { c.Gateway = g; });
  for (const [key, a] of Object.entries(o.aux)) {
    const hits = o.subnets.filter((s) => subnetMatches(s, a));
    if (hits.length === 0) throw new Error(`no matching subnet for aux-address ${a}`);
    for (const s of hits) data.get(s)!.AuxiliaryAddresses[key] = a;
  }
  return [...data.values()];
}
