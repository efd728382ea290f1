/**
 * The registry server: builds the services from a config, serves HTTP or HTTPS, purges stale
 * upload sessions on a timer, and shuts down gracefully (stop accepting, let requests in flight
 * finish for a grace period, then cut the rest).
 *
 * Timeouts: `headersTimeout` bounds slow request heads; the socket idle timeout bounds stalled
 * bodies and clients; there is no total request timeout, since a big layer upload may take minutes.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { type Authenticator, anonymous } from './auth/access.js';
import { BasicAuthenticator, Htpasswd } from './auth/htpasswd.js';
import { BearerAuthenticator, TokenService, handleTokenRequest } from './auth/token.js';
import { type RegistryConfig, splitAddr } from './config.js';
import type { Services } from './context.js';
import { type ExtraHandler, makeDispatcher } from './dispatch.js';
import { Logger } from './logger.js';
import { routes } from './routes/index.js';
import { SearchIndex } from './search.js';
import { BlobStore } from './storage/blob-store.js';
import { Layout } from './storage/layout.js';
import { RepoStore } from './storage/repo-store.js';
import { UploadManager } from './storage/uploads.js';
import { createPullThrough } from './proxy.js';

/** Options beyond the config. */
export interface RegistryServerOptions {
  /** Where log lines go (stderr by default). */
  logStream?: NodeJS.WritableStream;
}

/** Builds the services for a config (no network). */
export function createServices(config: RegistryConfig, log: Logger): Services {
  const layout = new Layout(config.root);
  const blobs = new BlobStore(layout);
  const repos = new RepoStore(layout);
  const uploads = new UploadManager(layout, blobs, { maxSessions: config.maxUploadSessions });
  const services: Services = { config, layout, blobs, repos, uploads, search: new SearchIndex(repos, blobs), log };
  if (config.proxy) services.proxy = createPullThrough(config.proxy, services);
  return services;
}

function makeAuth(config: RegistryConfig): { auth: Authenticator; extra?: ExtraHandler } {
  if (config.token) {
    const tokens = new TokenService(config.token);
    const users = new Htpasswd(config.token.htpasswd);
    const extra: ExtraHandler = async (req, res, url) => {
      if (url.pathname !== '/auth/token') return false;
      await handleTokenRequest(req, res, url, tokens, users);
      return true;
    };
    return { auth: new BearerAuthenticator(tokens), extra };
  }
  if (config.htpasswd) return { auth: new BasicAuthenticator(new Htpasswd(config.htpasswd.path), config.htpasswd.realm) };
  return { auth: anonymous };
}

/** A running (or ready to run) registry. */
export class RegistryServer {
  readonly services: Services;
  readonly #server: Server;
  #timer?: NodeJS.Timeout;
  #url = '';

  private constructor(services: Services, server: Server) {
    this.services = services;
    this.#server = server;
  }

  /** Builds a server for `config`; reads TLS files, does not listen yet. */
  static async create(config: RegistryConfig, opts: RegistryServerOptions = {}): Promise<RegistryServer> {
    const log = new Logger(config.logLevel, opts.logStream);
    const services = createServices(config, log);
    const { auth, extra } = makeAuth(config);
    const listener = makeDispatcher({ services, routes, auth, tls: !!config.tls, extra });
    const server = config.tls
      ? createHttpsServer({ cert: await readFile(config.tls.cert), key: await readFile(config.tls.key) }, listener)
      : createHttpServer(listener);
    server.headersTimeout = config.timeouts.headersMs;
    server.requestTimeout = 0;
    server.keepAliveTimeout = 30_000;
    server.setTimeout(config.timeouts.idleMs, (socket) => socket.destroy());
    return new RegistryServer(services, server);
  }

  /** `http(s)://host:port` once listening. */
  get url(): string {
    return this.#url;
  }

  /** Starts listening; resolves with the bound address. */
  async listen(): Promise<AddressInfo> {
    const { config, log, layout, uploads } = this.services;
    await mkdir(layout.root, { recursive: true });
    const { host, port } = splitAddr(config.addr);
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const addr = this.#server.address() as AddressInfo;
    const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.#url = `${config.tls ? 'https' : 'http'}://${h}:${addr.port}`;
    if (config.uploadPurge.enabled) {
      const purge = () => uploads.purge(config.uploadPurge.ageMs).catch((e: unknown) => log.warn('upload purge failed', { error: String(e) }));
      void purge();
      this.#timer = setInterval(purge, config.uploadPurge.intervalMs).unref();
    }
    log.info('listening', { url: this.#url, root: layout.root });
    return addr;
  }

  /** Stops accepting, waits up to `graceMs` for requests in flight, then closes every connection. */
  async close(graceMs = 10_000): Promise<void> {
    clearInterval(this.#timer);
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    const timer = setTimeout(() => this.#server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
    this.services.log.info('stopped');
  }
}
