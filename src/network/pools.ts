/**
 * Where subnets come from: daemon.json's `default-address-pools` (Docker's defaults when unset:
 * 172.17–31.0.0/16 whole, then 192.168.0.0/16 in /20s), and the host's IPv4 routes, which a default
 * subnet must not overlap (moby's netutils.CheckRouteOverlaps): a network on a routed prefix would
 * shadow a real one once it is configured.
 */
import { readFileSync } from 'node:fs';
import { cidrText, overlaps, parseCidr, size, type Cidr } from './cidr.js';
import { InvalidNetworkConfigError } from './errors.js';

/** One entry of `default-address-pools`: subnets of `/size` cut from `base`. */
export interface AddressPool { base: string; size: number }

/** Docker's defaults (libnetwork/ipamutils). */
export const DEFAULT_POOLS: AddressPool[] = [
  ...Array.from({ length: 15 }, (_, i) => ({ base: `172.${17 + i}.0.0/16`, size: 16 })),
  { base: '192.168.0.0/16', size: 20 },
];

/** The pools parsed; a bad base or size is refused as dockerd refuses it at start. */
export function parsePools(pools: AddressPool[]): Array<{ base: Cidr; size: number }> {
  return pools.map((p) => {
    const base = parseCidr(p.base);
    if (!base) throw new InvalidNetworkConfigError(`invalid base pool "${p.base}": invalid CIDR address: ${p.base}`);
    if (!Number.isInteger(p.size) || p.size < base.bits || p.size > 32) throw new InvalidNetworkConfigError(`invalid pools size: ${p.size}`);
    return { base, size: p.size };
  });
}

/** Every `/size` subnet of a pool, in order. */
export function* subnetsOf(pool: { base: Cidr; size: number }): Generator<Cidr> {
  const step = size({ bits: pool.size });
  for (let n = pool.base.base; n < pool.base.base + size(pool.base); n += step) {
    yield { addr: n, base: n, bits: pool.size, text: cidrText(n, pool.size) };
  }
}

/** The first subnet of the pools that overlaps nothing in `taken`; undefined when every one does. */
export function firstFree(pools: Array<{ base: Cidr; size: number }>, taken: Cidr[]): Cidr | undefined {
  for (const pool of pools) {
    for (const s of subnetsOf(pool)) if (!taken.some((t) => overlaps(s, t))) return s;
  }
  return undefined;
}

/**
 * The host's IPv4 routes other than the default one, from /proc/net/route (hex, little-endian on
 * the hosts Wharf runs on). A missing file means no routes.
 */
export function hostRoutes(path = '/proc/net/route'): Cidr[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: Cidr[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const dest = leHex(f[1]!);
    const mask = leHex(f[7]!);
    if (mask === 0) continue;
    const bits = 32 - Math.log2(2 ** 32 - mask);
    if (!Number.isInteger(bits)) continue;
    out.push({ addr: dest, base: dest, bits, text: cidrText(dest, bits) });
  }
  return out;
}

/** A /proc/net/route field (little-endian hex) as an address number. */
function leHex(h: string): number {
  const n = parseInt(h, 16);
  return (((n & 255) << 24) >>> 0) + ((n >>> 8) & 255) * 65536 + ((n >>> 16) & 255) * 256 + (n >>> 24);
}
