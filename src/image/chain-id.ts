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

/** The diffID of an empty tar (1024 zero bytes): a layer that changes nothing. */
export const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef' as Digest;
