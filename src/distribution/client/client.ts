/** The registry client's front: one transport (pooled agents) and one hosts table for the daemon's life. */
import { DEFAULT_DOMAIN } from '../../reference/reference.js';
import type { Credentials } from './auth.js';
import { RegistryHosts, type HostsOptions } from './hosts.js';
import { login, type LoginResult } from './login.js';
import { Repository } from './repository.js';
import { searchRegistry, type SearchResult } from './search.js';
import { RegistrySession } from './session.js';
import { Transport, type TransportOptions } from './transport.js';

/** `https://index.docker.io/v1/`, `docker.io`, `http://host:5000/` → the registry domain (`docker.io`, `host:5000`). */
export function serverDomain(server: string): string {
  const s = server.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (!s || s === 'index.docker.io' || s === 'registry-1.docker.io' || s === DEFAULT_DOMAIN) return DEFAULT_DOMAIN;
  return s;
}

export class RegistryClient {
  readonly transport: Transport;
  readonly hosts: RegistryHosts;

  constructor(o: { hosts?: HostsOptions; transport?: TransportOptions } = {}) {
    this.hosts = new RegistryHosts(o.hosts);
    this.transport = new Transport(o.transport);
  }

  session(domain: string, creds?: Credentials): RegistrySession {
    return new RegistrySession(this.transport, () => this.hosts.endpoints(domain), domain, creds);
  }

  repository(domain: string, path: string, creds?: Credentials): Repository {
    return new Repository(this.session(domain, creds), path);
  }

  /** Checks credentials against a registry (`POST /auth`). */
  login(server: string, creds: Credentials): Promise<LoginResult> {
    return login(this.session(serverDomain(server || DEFAULT_DOMAIN), creds), this.transport, creds);
  }

  search(term: string, limit: number, creds?: Credentials): Promise<SearchResult[]> {
    return searchRegistry(this.transport, this.hosts, term, limit, creds);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
