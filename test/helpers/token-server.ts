/**
 * A token server for test registries, run as its own process (`node token-server.js <config.json>`) so
 * it can live in the same network namespace as the registry and the daemon that call it. It listens on
 * `127.0.0.1:0` (HTTPS when the config names a certificate) and prints `token server listening on <url>`.
 *
 * `GET /token?service=…&scope=…` (Docker's token spec):
 * - no credentials → 200, a token with no access (so protected requests stay 401, as with real issuers);
 * - right Basic credentials → 200, a token granting every action asked for;
 * - wrong credentials → 401 with `WWW-Authenticate: Basic`; an unknown `service` → 400.
 * Other methods (the OAuth2 POST flow) get 404, which tells Docker-style clients to fall back to GET.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type IssuerConfig, TokenSigner, checkPassword, parseScopes } from './token-issuer.js';

/** The JSON file the server is started with. */
export interface TokenServerConfig extends IssuerConfig {
  /** PEM files of the token signing key and its certificate. */
  signingKey: string;
  signingCert: string;
  /** Serve HTTPS with this certificate and key. */
  tls?: { cert: string; key: string };
}

/** The line the server prints once it listens; `url` is its base (`http(s)://127.0.0.1:PORT`). */
export const READY_LINE = /token server listening on (\S+)/;

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/** Answers one token request. */
export function answer(cfg: TokenServerConfig, signer: TokenSigner, method: string, url: URL, authorization?: string): Reply {
  if (method !== 'GET' || url.pathname !== '/token') return { status: 404, body: { errors: [{ code: 'NOT_FOUND', message: 'not found' }] } };
  const service = url.searchParams.get('service');
  if (service !== null && service !== cfg.service) return { status: 400, body: { errors: [{ code: 'DENIED', message: `unknown service ${service}` }] } };
  let sub = '';
  if (authorization !== undefined) {
    const user = basicUser(cfg, authorization);
    if (user === undefined) {
      return { status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] }, headers: { 'WWW-Authenticate': 'Basic realm="wharf-test-token"' } };
    }
    sub = user;
  }
  const { token, claims } = signer.sign(sub, sub ? parseScopes(url.searchParams.getAll('scope')) : []);
  return { status: 200, body: { token, access_token: token, expires_in: claims.exp - claims.iat, issued_at: new Date(claims.iat * 1000).toISOString() } };
}

/** The user named by a valid `Basic` header; undefined for a wrong password or another scheme. */
function basicUser(cfg: TokenServerConfig, header: string): string | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  return checkPassword(cfg.users, user, decoded.slice(colon + 1)) ? user : undefined;
}

function main(configPath: string): void {
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as TokenServerConfig;
  const signer = new TokenSigner(cfg, readFileSync(cfg.signingKey, 'utf8'), readFileSync(cfg.signingCert, 'utf8'));
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const r = answer(cfg, signer, req.method ?? 'GET', new URL(req.url ?? '/', 'http://x'), req.headers.authorization);
    res.writeHead(r.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...r.headers });
    res.end(JSON.stringify(r.body));
  };
  const server = cfg.tls
    ? createHttpsServer({ cert: readFileSync(cfg.tls.cert), key: readFileSync(cfg.tls.key) }, handle)
    : createHttpServer(handle);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`token server listening on ${cfg.tls ? 'https' : 'http'}://127.0.0.1:${port}\n`);
  });
  // Nothing to drain: tokens are stateless, so a stop is an exit.
  process.once('SIGTERM', () => process.exit(0)).once('SIGINT', () => process.exit(0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv[2]!);
