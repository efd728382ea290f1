/**
 * What `POST /networks/create` may ask, checked before anything is reserved, in dockerd's words and
 * categories: predefined names (403), a name in use (409), drivers (`bridge` only: `host`/`null`
 * exist once, 403; `overlay` and swarm scopes need a swarm, 503; a driver Wharf lacks, 404
 * `plugin "x" not found`), the IPAM driver (`default` only), and what Wharf does not do yet (IPv6,
 * config-only networks), refused as NOT_IMPLEMENTED rather than accepted and ignored.
 */
import { ConflictError, ForbiddenError, InvalidArgumentError, NOT_MANAGER, NotFoundError, NotImplementedError, UnavailableError } from '../errors.js';
import { BRIDGE_DRIVER, HOST_DRIVER, NULL_DRIVER, isPredefined, type IpamConfig, type NetworkCreateRequest } from '../../network/network.js';

/** The request's checked driver and pools. */
export interface CheckedCreate { driver: string; pools: IpamConfig[] }

/** Drivers Docker has locally that Wharf has not (yet). */
const LOCAL_DRIVERS_LATER = new Set(['macvlan', 'ipvlan']);

const pluginNotFound = (name: string) => new NotFoundError(`plugin "${name}" not found`);

export function checkCreate(req: NetworkCreateRequest, nameTaken: (name: string) => boolean): CheckedCreate {
  const name = req.Name ?? '';
  if (name === '') throw new InvalidArgumentError('invalid name: ');
  if (isPredefined(name)) throw new ForbiddenError(`operation is not permitted on predefined ${name} network `);
  if (nameTaken(name)) throw new ConflictError(`network with name ${name} already exists`);
  const driver = req.Driver || BRIDGE_DRIVER;
  if (driver === HOST_DRIVER || driver === NULL_DRIVER) throw new ForbiddenError(`only one instance of "${driver}" network is allowed`);
  if (driver === 'overlay' || req.Ingress || (req.Scope && req.Scope !== 'local')) throw new UnavailableError(NOT_MANAGER);
  if (LOCAL_DRIVERS_LATER.has(driver)) throw new NotImplementedError(`the ${driver} network driver is not supported by Wharf yet`);
  if (driver !== BRIDGE_DRIVER) throw pluginNotFound(driver);
  const ipamDriver = req.IPAM?.Driver || 'default';
  if (ipamDriver !== 'default') throw pluginNotFound(ipamDriver);
  if (req.ConfigOnly || req.ConfigFrom?.Network) throw new NotImplementedError('config-only networks are not supported by Wharf yet');
  const pools = req.IPAM?.Config ?? [];
  const v6 = pools.some((p) => [p.Subnet, p.IPRange, p.Gateway].some((s) => s?.includes(':')));
  if (req.EnableIPv6 || v6) throw new NotImplementedError('IPv6 networks are not supported by Wharf yet');
  if (req.EnableIPv4 === false) throw new InvalidArgumentError('IPv4 or IPv6 must be enabled');
  return { driver, pools };
}
