/** Registry endpoints of the Engine API: `POST /auth` (login check) and `GET /images/search`. */
import { encodeRegistryAuth, type AuthConfig } from '../auth.js';
import type { Transport } from '../transport.js';

/** The answer of `POST /auth` (registry.AuthenticateOKBody). */
export interface AuthenticateOK {
  /** e.g. `Login Succeeded`. */
  Status: string;
  /** A token to store instead of the password, when the registry issued one. */
  IdentityToken?: string;
}

/** `POST /auth` with the AuthConfig as JSON body. A refused login is an ApiError (401 for bad credentials). */
export function registryLogin(t: Transport, auth: AuthConfig): Promise<AuthenticateOK> {
  return t.json<AuthenticateOK>({ method: 'POST', path: '/auth', json: auth });
}

/** One row of `GET /images/search` (registry.SearchResult). */
export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  /** Deprecated by Docker Hub; always false there now. */
  is_automated: boolean;
}

/** What to search for. */
export interface SearchOptions {
  term: string;
  /** Sent only when above 0 (docker CLI 28's client); else the daemon's default (25). */
  limit: number;
  filters?: Record<string, Record<string, boolean>>;
  auth?: AuthConfig;
}

/** `GET /images/search?term=&limit=&filters=` with `X-Registry-Auth`. */
export function searchImages(t: Transport, o: SearchOptions): Promise<SearchResult[]> {
  const filters = o.filters && Object.keys(o.filters).length > 0 ? sortedFiltersJson(o.filters) : undefined;
  return t.json<SearchResult[]>({
    method: 'GET', path: '/images/search', query: { term: o.term, limit: o.limit > 0 ? String(o.limit) : undefined, filters },
    headers: { 'X-Registry-Auth': encodeRegistryAuth(o.auth) },
  });
}

/** The filters as Go marshals a map of maps: keys sorted at both levels. */
function sortedFiltersJson(f: Record<string, Record<string, boolean>>): string {
  const sorted = (o: Record<string, unknown>): Array<[string, unknown]> => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(sorted(f).map(([k, v]) => [k, Object.fromEntries(sorted(v as Record<string, boolean>))])));
}
