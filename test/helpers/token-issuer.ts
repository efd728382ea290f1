/**
 * The token half of Docker's registry token auth (distribution's docs/spec/auth/token.md and jwt.md),
 * as a test issuer: parse the asked-for scopes, decide the grant, sign an RS256 JWT whose `x5c` header
 * carries the signing certificate (base64 DER), which distribution verifies against its `rootcertbundle`.
 * Pure apart from the clock and randomness; token-server.ts puts it behind HTTP.
 */
import { X509Certificate, createPrivateKey, randomUUID, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { type Access, parseScopes as parseScopeList } from '../../src/distribution/server/auth/access.js';
import type { TokenClaims } from '../../src/distribution/server/auth/token.js';

export type { Access, TokenClaims };

/** Who the issuer is and whom it lets in. */
export interface IssuerConfig {
  issuer: string;
  service: string;
  /** user → password; a user with the right password is granted every action asked for. */
  users: Record<string, string>;
  /** Token lifetime in seconds (300). */
  ttlSeconds?: number;
}

/**
 * Parses `scope` query values: each may hold several space-separated scopes, `type:name:actions`,
 * where the name may itself contain colons (`repository:host:5000/a:pull`).
 */
export function parseScopes(values: string[]): Access[] {
  return values.flatMap(parseScopeList);
}

/** Whether `password` is `user`'s (constant time for equal lengths). */
export function checkPassword(users: Record<string, string>, user: string, password: string): boolean {
  const want = Object.hasOwn(users, user) ? Buffer.from(users[user]!) : undefined;
  const got = Buffer.from(password);
  return want !== undefined && want.length === got.length && timingSafeEqual(want, got);
}

/** Signs tokens with an RSA key whose certificate goes in the `x5c` header. */
export class TokenSigner {
  readonly #key: KeyObject;
  readonly #x5c: string;
  readonly #cfg: IssuerConfig;

  constructor(cfg: IssuerConfig, keyPem: string, certPem: string) {
    this.#cfg = cfg;
    this.#key = createPrivateKey(keyPem);
    this.#x5c = new X509Certificate(certPem).raw.toString('base64');
  }

  /** A token for `sub` ('' = anonymous) granting `access`. */
  sign(sub: string, access: Access[], now = Date.now()): { token: string; claims: TokenClaims } {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = {
      iss: this.#cfg.issuer, sub, aud: this.#cfg.service, iat, nbf: iat, exp: iat + (this.#cfg.ttlSeconds ?? 300), jti: randomUUID(), access,
    };
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [this.#x5c] }));
    const body = b64url(JSON.stringify(claims));
    const sig = sign('sha256', Buffer.from(`${head}.${body}`), this.#key).toString('base64url');
    return { token: `${head}.${body}.${sig}`, claims };
  }
}

const b64url = (s: string): string => Buffer.from(s).toString('base64url');
