/**
 * What a request asks to do, in the token-auth vocabulary: `repository:<name>:pull,push` or
 * `registry:catalog:*`. Shared by every authenticator and by the token issuer.
 */
import type { IncomingMessage } from 'node:http';

/** One resource and the actions wanted on it. */
export interface Access {
  type: 'repository' | 'registry';
  name: string;
  actions: string[];
}

/** Who made a request (undefined name: anonymous). */
export interface Principal {
  name?: string;
}

/** Checks a request's credentials for the given access; throws UNAUTHORIZED (401) or DENIED (403). */
export interface Authenticator {
  authenticate(req: IncomingMessage, access: Access[], baseUrl: string): Promise<Principal>;
}

/** Lets everyone in: the registry without auth. */
export const anonymous: Authenticator = {
  async authenticate(): Promise<Principal> {
    return {};
  },
};

/** `repository:a/b:pull,push` */
export function scopeString(a: Access): string {
  return `${a.type}:${a.name}:${a.actions.join(',')}`;
}

/** Parses one `scope` query value (which may hold several space-separated scopes). Junk is skipped. */
export function parseScopes(v: string): Access[] {
  const out: Access[] = [];
  for (const s of v.split(' ').filter(Boolean)) {
    const first = s.indexOf(':');
    const last = s.lastIndexOf(':');
    if (first < 0 || last === first) continue;
    const type = s.slice(0, first);
    if (type !== 'repository' && type !== 'registry') continue;
    out.push({ type, name: s.slice(first + 1, last), actions: s.slice(last + 1).split(',').filter(Boolean) });
  }
  return out;
}

/** Reads `Authorization: <scheme> <value>`; undefined when absent or another scheme. */
export function authorization(req: IncomingMessage, scheme: 'Basic' | 'Bearer'): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const sp = h.indexOf(' ');
  if (sp < 0 || h.slice(0, sp).toLowerCase() !== scheme.toLowerCase()) return undefined;
  return h.slice(sp + 1).trim();
}

/** Decodes a Basic credential into user and password; undefined when malformed. */
export function decodeBasic(v: string): { user: string; password: string } | undefined {
  const text = Buffer.from(v, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
