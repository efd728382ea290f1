/**
 * IPv4 addresses and CIDR prefixes as numbers: parse, format, contain, overlap. Parsing follows Go's
 * net.ParseCIDR/ParseIP (four decimal octets, a prefix of 0–32); an address with host bits keeps
 * them (Docker stores `10.5.0.1/16` as given).
 */

/** A parsed `a.b.c.d/n`: `base` is the network address (host bits cleared), `addr` the address as written. */
export interface Cidr { addr: number; base: number; bits: number; text: string }

/** The address as a number, or undefined when it is not a dotted IPv4 address. */
export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The mask of a prefix length, as an unsigned number. */
function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** `a.b.c.d/n` parsed, or undefined when it is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const addr = parseIp(m[1]!);
  const bits = Number(m[2]);
  if (addr === undefined || bits > 32) return undefined;
  return { addr, base: (addr & mask(bits)) >>> 0, bits, text };
}

/** How many addresses the prefix spans. */
export function size(c: Pick<Cidr, 'bits'>): number {
  return 2 ** (32 - c.bits);
}

/** The last address of the prefix (its broadcast address). */
export function last(c: Pick<Cidr, 'base' | 'bits'>): number {
  return c.base + size(c) - 1;
}

export function contains(c: Pick<Cidr, 'base' | 'bits'>, ip: number): boolean {
  return ip >= c.base && ip <= last(c);
}

/** Whether two prefixes share an address (one holds the other, as prefixes never partly overlap). */
export function overlaps(a: Pick<Cidr, 'base' | 'bits'>, b: Pick<Cidr, 'base' | 'bits'>): boolean {
  return contains(a, b.base) || contains(b, a.base);
}

/** The canonical text of a prefix (`base/bits`). */
export function cidrText(base: number, bits: number): string {
  return `${formatIp(base)}/${bits}`;
}
