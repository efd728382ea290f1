/** API version negotiation: `/v1.NN/` prefixes within [MIN, MAX], or unversioned (= MAX). */
import { ApiError } from './errors.js';

import { API_VERSION, MIN_API_VERSION, compareVersions } from '../protocol/version.js';

export { API_VERSION };

/** Splits a request path into the API version it asks for and the route path. */
export function splitVersion(path: string): { version: string; path: string } {
  const m = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
  if (!m) return { version: API_VERSION, path };
  const version = m[1]!;
  if (compareVersions(version, MIN_API_VERSION) < 0) {
    throw new ApiError(400, `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`);
  }
  if (compareVersions(version, API_VERSION) > 0) {
    throw new ApiError(400, `client version ${version} is too new. Maximum supported API version is ${API_VERSION}`);
  }
  return { version, path: m[2]! };
}
