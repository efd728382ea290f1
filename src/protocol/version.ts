/** Engine API versions: the range the daemon serves and the client speaks, compared numerically. */

/** The newest API version Wharf serves and speaks. */
export const API_VERSION = '1.50';
/** The oldest API version the daemon accepts (Docker's minimum). */
export const MIN_API_VERSION = '1.24';

/** Compares dotted versions numerically ("1.9" < "1.41"); negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
