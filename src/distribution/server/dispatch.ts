/**
 * The request pipeline, in one place: API version header → route match → name validation →
 * read-only/proxy refusal of writes → authentication for the route's access → handler → errors
 * to the wire (the only `try/catch` that writes error replies) → one log line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidRepositoryPath } from '../../reference/reference.js';
import type { Access, Authenticator } from './auth/access.js';
import type { RequestContext, Route, RouteParams, Services } from './context.js';
import { RegistryError, toRegistryError, writeError } from './errors.js';
import { handleV1 } from './search.js';

/** Extra endpoints outside `/v2/` (the token issuer). Returns false when the path is not theirs. */
export type ExtraHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** Everything the dispatcher needs. */
export interface DispatchOptions {
  services: Services;
  routes: Route[];
  auth: Authenticator;
  tls: boolean;
  extra?: ExtraHandler;
}

const READS = new Set(['GET', 'HEAD']);

function defaultAccess(method: string, p: RouteParams): Access[] {
  const actions = READS.has(method) ? ['pull'] : method === 'DELETE' ? ['delete'] : ['pull', 'push'];
  return [{ type: 'repository', name: p.name, actions }];
}

function match(routes: Route[], rest: string): { route: Route; params: RouteParams } | undefined {
  for (const route of routes) {
    const m = route.pattern.exec(rest);
    if (m) return { route, params: { name: m[1] ?? '', ref: m[2] ?? '' } };
  }
  return undefined;
}

/** Makes the `(req, res)` listener for the HTTP(S) server. */
export function makeDispatcher(o: DispatchOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    handle(o, req, res)
      .catch((e: unknown) => {
        const err = toRegistryError(e);
        if (err.status >= 500) o.services.log.error('request failed', { method: req.method, url: req.url, error: String((err.cause as Error)?.stack ?? err.message) });
        writeError(res, err, req.method === 'HEAD');
        req.resume();
      })
      .finally(() => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const level = READS.has(req.method ?? '') && res.statusCode < 500 ? 'debug' : 'info';
        o.services.log[level]('request', { method: req.method, url: req.url, status: res.statusCode, ms: ms.toFixed(1) });
      });
  };
}

async function handle(o: DispatchOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://registry.invalid');
  // Route on the path exactly as sent: URL parsing would resolve `a/../b` into `b`.
  const path = (req.url ?? '/').split('?')[0]!;
  const baseUrl = `${o.tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  const method = req.method ?? 'GET';
  if (o.extra && (await o.extra(req, res, url))) return;
  if (path.startsWith('/v1/')) {
    await o.auth.authenticate(req, [], baseUrl);
    if (await handleV1(path, url, res, o.services.search)) return;
  }
  if (!path.startsWith('/v2/')) {
    if (path === '/v2') return void res.writeHead(301, { Location: '/v2/' }).end();
    throw new RegistryError('NAME_UNKNOWN', { status: 404, message: 'not found', detail: { path } });
  }
  const found = match(o.routes, path.slice(4));
  if (!found) throw new RegistryError('NAME_UNKNOWN', { status: 404, message: 'not found', detail: { path } });
  const { route, params } = found;
  if (params.name && !isValidRepositoryPath(params.name)) throw new RegistryError('NAME_INVALID', { detail: { name: params.name } });
  const handler = route.methods[method];
  if (!handler) throw new RegistryError('UNSUPPORTED', { detail: { method }, headers: { Allow: Object.keys(route.methods).join(', ') } });
  const writes = route.writes ? route.writes(method) : !READS.has(method);
  const access = route.access ? route.access(method, params) : defaultAccess(method, params);
  const principal = await o.auth.authenticate(req, access, baseUrl);
  if (writes && o.services.config.readOnly) throw new RegistryError('UNSUPPORTED', { detail: 'the registry is in read-only mode' });
  if (writes && o.services.proxy) throw new RegistryError('UNSUPPORTED', { detail: 'a pull-through cache does not accept pushes' });
  const ctx: RequestContext = { req, res, url, params, services: o.services, principal, baseUrl };
  await handler(ctx);
}
