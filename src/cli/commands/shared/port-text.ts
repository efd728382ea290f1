/** Port text as the docker CLI handles it: Go's 16-bit port parse and its natural sort order. */
import { StatusError } from '../../errors.js';

/** strconv.ParseUint(port, 10, 16), failing as `docker port` does. */
export function parseUint16Port(port: string): number {
  const fail = (why: string) => new StatusError(1, `Error: invalid port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: ${why}`);
  if (!/^\d+$/.test(port)) throw fail('invalid syntax');
  const n = Number(port);
  if (n > 0xffff) throw fail('value out of range');
  return n;
}

/** fvbommel/sortorder NaturalLess: runs of digits compare as numbers, the rest byte-wise. */
export function naturalLess(a: string, b: string): boolean {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const [x, y] = [chunks(a), chunks(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    const bothNum = /^\d/.test(p) && /^\d/.test(q);
    if (bothNum && Number(p) !== Number(q)) return Number(p) < Number(q);
    return p < q;
  }
  return x.length < y.length;
}
