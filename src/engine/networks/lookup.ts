/**
 * A network by what the user typed, in dockerd's order (daemon/network.go FindNetwork): a full ID,
 * then a full name, then an ID prefix. A prefix matching several networks is ambiguous (400).
 */
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { Network } from '../../network/network.js';

export const noSuchNetwork = (term: string) => new NotFoundError(`network ${term} not found`);

export function findNetwork(all: Network[], term: string): Network {
  const byId = all.find((n) => n.Id === term);
  if (byId) return byId;
  const byName = all.filter((n) => n.Name === term);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new InvalidArgumentError(`network ${term} is ambiguous (${byName.length} matches found based on name)`);
  const byPrefix = term ? all.filter((n) => n.Id.startsWith(term)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1) throw new InvalidArgumentError(`network ${term} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
  throw noSuchNetwork(term);
}
