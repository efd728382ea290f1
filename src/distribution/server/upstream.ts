/**
 * A minimal client for the upstream registry of a pull-through cache: GETs and HEADs over
 * node:http(s) (with an optional CA file), answering the upstream's 401 challenge once per request
 * with Basic credentials or a Bearer token fetched from its realm (tokens cached per scope).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import type { RegistryConfig } from './config.js';

type ProxyConfig = NonNullable<RegistryConfig['proxy']>;

/** An upstream reply: status, headers, and the body stream (drain or consume it). */
export type UpstreamResponse = IncomingMessage;

/** Parses `Bearer realm="…",service="…",scope="…"` into its parameters. */
export function parseChallenge(h: string): { scheme: string; params: Record<string, string> } {
  const sp = h.indexOf(' ');
  const scheme = (sp < 0 ? h : h.slice(0, sp)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of h.slice(sp + 1).matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!.toLowerCase()] = m[2]!;
  return { scheme, params };
}

/** Talks to one upstream registry. */
export class Upstream {
  readonly #cfg: ProxyConfig;
  readonly #ca?: Buffer;
  readonly #tokens = new Map<string, { token: string; until: number }>();
  constructor(cfg: ProxyConfig) {
    this.#cfg = cfg;
    if (cfg.caFile) this.#ca = readFileSync(cfg.caFile);
  }

  /** `method path` upstream with auth; `scope` is the token scope to ask for on a Bearer challenge. */
  async request(method: 'GET' | 'HEAD', path: string, headers: Record<string, string>, scope: string): Promise<UpstreamResponse> {
    const cached = this.#tokens.get(scope);
    const auth = cached && cached.until > Date.now() ? `Bearer ${cached.token}` : this.#basic();
    let res = await this.#send(method, path, { ...headers, ...(auth ? { Authorization: auth } : {}) });
    if (res.statusCode !== 401) return res;
    const challenge = String(res.headers['www-authenticate'] ?? '');
    res.resume();
    const retryAuth = await this.#answer(challenge, scope);
    if (!retryAuth) return this.#send(method, path, headers);
    res = await this.#send(method, path, { ...headers, Authorization: retryAuth });
    return res;
  }

  #basic(): string | undefined {
    const { username, password } = this.#cfg;
    return username ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
  }

  async #answer(challenge: string, scope: string): Promise<string | undefined> {
    const { scheme, params } = parseChallenge(challenge);
    if (scheme === 'basic') return this.#basic();
    if (scheme !== 'bearer' || !params.realm) return undefined;
    const u = new URL(params.realm);
    if (params.service) u.searchParams.set('service', params.service);
    u.searchParams.set('scope', scope);
    const basic = this.#basic();
    const res = await this.#send('GET', u.toString(), basic ? { Authorization: basic } : {});
    const body = await readAll(res);
    if (res.statusCode !== 200) return undefined;
    const doc = JSON.parse(body.toString('utf8')) as { token?: string; access_token?: string; expires_in?: number };
    const token = doc.token ?? doc.access_token;
    if (!token) return undefined;
    this.#tokens.set(scope, { token, until: Date.now() + Math.max(30, (doc.expires_in ?? 60) - 10) * 1000 });
    return `Bearer ${token}`;
  }

  #send(method: string, pathOrUrl: string, headers: Record<string, string>): Promise<IncomingMessage> {
    const url = new URL(pathOrUrl, this.#cfg.remoteUrl);
    const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const r = req(url, { method, headers, ...(this.#ca ? { ca: this.#ca } : {}), timeout: 30_000 }, resolve);
      r.on('timeout', () => r.destroy(new Error(`upstream ${method} ${url.pathname} timed out`)));
      r.on('error', reject);
      r.end();
    });
  }
}

/** Reads a whole (small) reply body. */
export async function readAll(res: IncomingMessage, limit = 8 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res) {
    n += (c as Buffer).length;
    if (n > limit) throw new Error('upstream reply too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
