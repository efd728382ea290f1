/**
 * Chain IDs: the identity of a layer *with* its parents, as Docker's layer store keys layers and as
 * `docker rmi` reports them ("Deleted: sha256:<chainID>"). chain[0] = diff[0];
 * chain[i] = sha256(chain[i-1] + " " + diff[i]).
 */
import { type Digest, sha256Digest } from '../oci/digest.js';

/** The chain ID of every prefix of `diffIds`, base first. */
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const out: Digest[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev ? sha256Digest(`${prev} ${d}`) : d);
  }
  return out;
}
