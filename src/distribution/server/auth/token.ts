/**
 * Token auth with a built-in issuer, the protocol docker, podman and skopeo speak
 * (distribution's docs/spec/auth/token.md): a 401 names a realm; the client fetches
 * `GET <realm>?service=…&scope=repository:n:pull,push` with Basic credentials and gets a JWT;
 * later requests carry `Authorization: Bearer <jwt>`, whose `access` claim must cover the request.
 *
 * Tokens are HS256 JWTs signed with a per-registry secret: the issuer and the verifier are the
 * same process, so no key distribution is needed. An authenticated user is granted every action
 * asked for; anonymous requests to the issuer get a token with no access (as distribution's issuers do).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenAuthConfig } from '../config.js';
import { RegistryError } from '../errors.js';
import { sendJson } from '../http-util.js';
import { type Access, type Authenticator, type Principal, authorization, decodeBasic, parseScopes, scopeString } from './access.js';
import type { Htpasswd } from './htpasswd.js';

/** Claims of the tokens this issuer makes. */
export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: Access[];
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** Signs and verifies tokens. */
export class TokenService {
  readonly #cfg: TokenAuthConfig;
  readonly #key: Buffer;
  constructor(cfg: TokenAuthConfig) {
    this.#cfg = cfg;
    this.#key = cfg.secret ? Buffer.from(cfg.secret) : randomBytes(32);
  }

  get config(): TokenAuthConfig {
    return this.#cfg;
  }

  /** Makes a token for `sub` with `access`, valid for the configured lifetime. */
  sign(sub: string, access: Access[], now = Date.now()): { token: string; claims: TokenClaims } {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = {
      iss: this.#cfg.issuer, sub, aud: this.#cfg.service, iat, nbf: iat - 1,
      exp: iat + Math.ceil(this.#cfg.expirationMs / 1000), jti: randomUUID(), access,
    };
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return { token: `${head}.${body}.${this.#mac(`${head}.${body}`)}`, claims };
  }

  /** The claims of a valid, unexpired token for this service; undefined otherwise. */
  verify(token: string, now = Date.now()): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [head, body, sig] = parts as [string, string, string];
    const want = Buffer.from(this.#mac(`${head}.${body}`));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
    const t = now / 1000;
    if (claims.aud !== this.#cfg.service || claims.iss !== this.#cfg.issuer) return undefined;
    if (!(claims.exp > t) || !(claims.nbf <= t) || !Array.isArray(claims.access)) return undefined;
    return claims;
  }

  #mac(data: string): string {
    return createHmac('sha256', this.#key).update(data).digest('base64url');
  }
}

/** Whether granted access covers every wanted action. */
export function covers(granted: Access[], wanted: Access[]): boolean {
  return wanted.every((w) => w.actions.every((a) =>
    granted.some((g) => g.type === w.type && g.name === w.name && (g.actions.includes(a) || g.actions.includes('*')))));
}

/** Checks Bearer tokens on registry requests. */
export class BearerAuthenticator implements Authenticator {
  readonly #tokens: TokenService;
  constructor(tokens: TokenService) {
    this.#tokens = tokens;
  }

  async authenticate(req: IncomingMessage, access: Access[], baseUrl: string): Promise<Principal> {
    const raw = authorization(req, 'Bearer');
    const claims = raw ? this.#tokens.verify(raw) : undefined;
    if (claims && covers(claims.access, access)) return { name: claims.sub || undefined };
    const cfg = this.#tokens.config;
    let challenge = `Bearer realm="${cfg.realm ?? `${baseUrl}/auth/token`}",service="${cfg.service}"`;
    if (access.length) challenge += `,scope="${access.map(scopeString).join(' ')}"`;
    if (claims) challenge += ',error="insufficient_scope"';
    throw new RegistryError('UNAUTHORIZED', { headers: { 'WWW-Authenticate': challenge }, detail: access });
  }
}

/**
 * The issuer endpoint (`GET /auth/token`). Wrong credentials → 401; no credentials → a token
 * without access; good credentials → every asked-for scope.
 */
export async function handleTokenRequest(req: IncomingMessage, res: ServerResponse, url: URL, tokens: TokenService, users: Htpasswd): Promise<void> {
  const cred = authorization(req, 'Basic');
  let sub = '';
  if (cred) {
    const parsed = decodeBasic(cred);
    if (!parsed || !(await users.verify(parsed.user, parsed.password))) {
      throw new RegistryError('UNAUTHORIZED', { detail: 'invalid username or password' });
    }
    sub = parsed.user;
  }
  const service = url.searchParams.get('service');
  if (service && service !== tokens.config.service) {
    throw new RegistryError('DENIED', { status: 400, detail: `unknown service ${service}` });
  }
  const access = sub ? url.searchParams.getAll('scope').flatMap(parseScopes) : [];
  const { token, claims } = tokens.sign(sub, access);
  sendJson(res, 200, {
    token, access_token: token, expires_in: claims.exp - claims.iat, issued_at: new Date(claims.iat * 1000).toISOString(),
  }, { 'Cache-Control': 'no-store' });
}
