/**
 * Answers registry auth challenges (distribution's token spec and Basic): the `/v2/` ping learns a
 * registry's challenge; each request then carries Basic credentials, or a Bearer token fetched from
 * the realm for the request's scopes and cached per scope set until shortly before it expires.
 * Identity tokens (from a login) are traded with the OAuth2 `refresh_token` grant, as dockerd does.
 */
import { RegistryUnauthorizedError, describeErrors, specErrors } from './errors.js';
import { readBody, type HttpResponse, type Transport } from './transport.js';
import type { TlsSettings } from './hosts.js';

/** Registry credentials as the Engine API carries them (X-Registry-Auth, POST /auth). */
export interface Credentials {
  username?: string;
  password?: string;
  /** A refresh token from an earlier login (used instead of the password). */
  identitytoken?: string;
  /** A bearer token to send as it is. */
  registrytoken?: string;
}

export interface Challenge { scheme: string; params: Record<string, string> }

/** Parses `Bearer realm="…",service="…",scope="…"` (one challenge; the first when several). */
export function parseChallenge(h: string): Challenge {
  const sp = h.indexOf(' ');
  const scheme = (sp < 0 ? h : h.slice(0, sp)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of h.slice(sp + 1).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  return { scheme, params };
}

interface Token { header: string; until: number }

/** Auth state for one registry endpoint and one set of credentials. */
export class Authorizer {
  #challenge?: Challenge;
  readonly #tokens = new Map<string, Token>();
  readonly #inflight = new Map<string, Promise<Token>>();
  /** An identity token the realm handed back on login (offline token). */
  refreshToken?: string;

  constructor(private readonly transport: Transport, private readonly tls: TlsSettings, private readonly creds: Credentials = {}) {}

  /** Records the challenge of a 401 (from the ping or any request). */
  learn(res: Pick<HttpResponse, 'headers'>): Challenge | undefined {
    const h = res.headers['www-authenticate'];
    if (!h) return undefined;
    this.#challenge = parseChallenge(h);
    return this.#challenge;
  }

  get challenge(): Challenge | undefined {
    return this.#challenge;
  }

  #basic(): string | undefined {
    const { username, password } = this.creds;
    return username ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
  }

  /** The Authorization header for a request needing `scopes` (undefined: send none). */
  async header(scopes: string[]): Promise<string | undefined> {
    const c = this.#challenge;
    if (!c) return undefined;
    if (c.scheme === 'basic') {
      const b = this.#basic();
      if (!b) throw new RegistryUnauthorizedError('no basic auth credentials');
      return b;
    }
    if (c.scheme !== 'bearer') return undefined;
    if (this.creds.registrytoken) return `Bearer ${this.creds.registrytoken}`;
    const key = [...scopes].sort().join(' ');
    const cached = this.#tokens.get(key);
    if (cached && cached.until > Date.now()) return cached.header;
    let p = this.#inflight.get(key);
    if (!p) {
      p = this.#fetchToken(c, scopes).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    const t = await p;
    this.#tokens.set(key, t);
    return t.header;
  }

  /** Forgets cached tokens (after a 401 despite a token: it expired or lacked a scope). */
  forget(scopes: string[]): void {
    this.#tokens.delete([...scopes].sort().join(' '));
  }

  async #fetchToken(c: Challenge, scopes: string[], offline = false): Promise<Token> {
    const realm = c.params.realm;
    if (!realm) throw new RegistryUnauthorizedError('unauthorized: the registry\'s Bearer challenge names no realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryUnauthorizedError(`unauthorized: invalid token realm ${JSON.stringify(realm)}`);
    }
    const identity = this.creds.identitytoken ?? this.refreshToken;
    let res: HttpResponse;
    if (identity) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: identity, client_id: 'docker' });
      if (c.params.service) form.set('service', c.params.service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      res = await this.transport.send({ method: 'POST', url: url.toString(), tls: this.tls, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    } else {
      if (c.params.service) url.searchParams.set('service', c.params.service);
      for (const s of scopes) url.searchParams.append('scope', s);
      if (this.creds.username) url.searchParams.set('account', this.creds.username);
      if (offline) {
        url.searchParams.set('offline_token', 'true');
        url.searchParams.set('client_id', 'docker');
      }
      const basic = this.#basic();
      res = await this.transport.send({ method: 'GET', url: url.toString(), tls: this.tls, headers: basic ? { Authorization: basic } : {} });
    }
    const body = (await readBody(res.body, 1 << 20, 'token response')).toString('utf8');
    if (res.status !== 200) {
      const errs = specErrors(body);
      const detail = errs.length ? describeErrors(errs) : res.status === 401 ? 'unauthorized: incorrect username or password' : `unexpected status from the token server: ${res.status}`;
      throw new RegistryUnauthorizedError(detail);
    }
    let doc: { token?: string; access_token?: string; expires_in?: number; refresh_token?: string };
    try {
      doc = JSON.parse(body);
    } catch {
      throw new RegistryUnauthorizedError('unable to decode token response');
    }
    const token = doc.access_token || doc.token;
    if (!token) throw new RegistryUnauthorizedError('authorization server did not include a token in the response');
    if (doc.refresh_token) this.refreshToken = doc.refresh_token;
    const life = Math.max(60, Number(doc.expires_in) || 60);
    return { header: `Bearer ${token}`, until: Date.now() + (life - 10) * 1000 };
  }

  /** A login's token exchange: asks for an offline (identity) token as the docker CLI's login does. */
  async loginHeader(): Promise<string | undefined> {
    const c = this.#challenge;
    if (!c || c.scheme !== 'bearer') return this.header([]);
    const t = await this.#fetchToken(c, [], true);
    return t.header;
  }
}
