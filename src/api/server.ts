/**
 * The Engine API server on a unix socket. Every response carries Docker's identifying headers;
 * errors become `{"message"}` with the status from errors.ts. Requests that ask to upgrade
 * (attach, exec start) arrive through the 'upgrade' event and get the raw socket.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Ctx, type Hijack } from './context.js';
import { Router } from './router.js';
import { toStatus } from './errors.js';
import { splitVersion, API_VERSION } from './version.js';
import type { Engine } from '../engine/engine.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerImageRoutes } from './routes/images.js';
import { registerRegistryRoutes } from './routes/registry.js';
import { registerContainerRoutes } from './routes/containers.js';
import { registerStubRoutes } from './routes/stubs.js';
import { registerImageArchiveRoutes } from './routes/image-archive.js';
import { registerContainerImageRoutes } from './routes/container-images.js';
import { registerDfRoutes } from './routes/df.js';
import { registerExecRoutes } from './routes/exec.js';
import { registerEventRoutes } from './routes/events.js';
import { registerVolumeRoutes } from './routes/volumes.js';
import { registerNetworkRoutes } from './routes/networks.js';
import { registerBuildRoutes } from './routes/build.js';

export interface ApiServerOptions { engine: Engine; serverVersion: string; log?: (msg: string) => void; debug?: (msg: string) => void }

export function createApiServer(o: ApiServerOptions): http.Server {
  const router = new Router();
  for (const register of [registerSystemRoutes, registerImageArchiveRoutes, registerContainerImageRoutes, registerDfRoutes, registerEventRoutes, registerImageRoutes, registerRegistryRoutes, registerContainerRoutes, registerExecRoutes, registerVolumeRoutes, registerNetworkRoutes, registerBuildRoutes, registerStubRoutes]) register(router);
  const headers: Record<string, string> = {
    'Api-Version': API_VERSION,
    'Docker-Experimental': 'false',
    Ostype: 'linux',
    Server: `Docker/${o.serverVersion} (linux)`,
  };
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (o.debug) {
      const t0 = process.hrtime.bigint();
      res.on('finish', () => o.debug!(`${req.method} ${req.url} ${res.statusCode} ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)}ms`));
    }
    void dispatch(router, o, req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void dispatch(router, o, req, undefined, { socket, head });
  });
  server.headersTimeout = 60_000;
  server.requestTimeout = 0; // attach, logs -f and events stream for as long as they need
  return server;
}

async function dispatch(router: Router, o: ApiServerOptions, req: IncomingMessage, res?: ServerResponse, hijack?: Hijack): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://docker');
  try {
    const { version, path } = splitVersion(url.pathname);
    const hit = router.match(req.method ?? 'GET', path);
    if (!hit) return fail(res, hijack, 404, 'page not found');
    const ctx = new Ctx(req, res, o.engine, version, hit.params, url.searchParams, hijack);
    await hit.handler(ctx);
  } catch (err) {
    const { status, message } = toStatus(err);
    if (status >= 500) o.log?.(`${req.method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
    fail(res, hijack, status, message);
  }
}

function fail(res: ServerResponse | undefined, hijack: Hijack | undefined, status: number, message: string): void {
  const body = JSON.stringify({ message }) + '\n';
  if (res) {
    if (res.headersSent) return void res.end();
    if (status === 304) return void res.writeHead(304).end();
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return;
  }
  if (hijack && hijack.socket.writable) {
    const reason = http.STATUS_CODES[status] ?? 'Error';
    hijack.socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nApi-Version: ${API_VERSION}\r\n\r\n${body}`);
  }
}
