/**
 * What a route handler gets: the request, the response, the matched path parameters, and the
 * registry's services. Handlers throw `RegistryError`s; the server turns them into replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Access, Principal } from './auth/access.js';
import type { RegistryConfig } from './config.js';
import type { Logger } from './logger.js';
import type { BlobStore } from './storage/blob-store.js';
import type { Layout } from './storage/layout.js';
import type { RepoStore } from './storage/repo-store.js';
import type { UploadManager } from './storage/uploads.js';
import type { PullThrough } from './proxy.js';
import type { SearchIndex } from './search.js';

/** The registry's long-lived parts, built once per server. */
export interface Services {
  config: RegistryConfig;
  layout: Layout;
  blobs: BlobStore;
  repos: RepoStore;
  uploads: UploadManager;
  search: SearchIndex;
  log: Logger;
  /** Set in pull-through cache mode. */
  proxy?: PullThrough;
}

/** Path parameters a route may capture. */
export interface RouteParams {
  /** Repository name (validated before the handler runs). */
  name: string;
  /** Tag or digest (manifests), digest (blobs, referrers), or session id (uploads). */
  ref: string;
}

/** One request in flight. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: RouteParams;
  services: Services;
  principal: Principal;
  /** `http(s)://host[:port]` as the client addressed us (for Location and Link headers). */
  baseUrl: string;
}

/** A route handler: replies through `ctx.res` or throws a RegistryError. */
export type Handler = (ctx: RequestContext) => Promise<void>;

/** A route: a path pattern under `/v2/`, handlers per method, and the access each method needs. */
export interface Route {
  /** Matched against the path after `/v2/`; group 1 is the name, group 2 the ref (when present). */
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  /** Access for the auth check; by default repository pull / push / delete by method. */
  access?: (method: string, params: RouteParams) => Access[];
  /** Whether a method changes state (refused in read-only and proxy modes). */
  writes?: (method: string) => boolean;
}
