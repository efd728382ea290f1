/**
 * HTTP transport to the Engine API over a unix socket (or TCP), as moby's Go client does it: one
 * keep-alive agent, API version negotiated once with `HEAD /_ping` (min of ours and the daemon's
 * `Api-Version`), versioned paths `/v1.NN/…`, JSON bodies, and non-2xx answers turned into ApiError.
 *
 * A Transport is cheap to construct (no I/O until the first request) and safe to share between
 * concurrent calls; `close()` drops idle keep-alive sockets so the process can exit.
 */
import http from 'node:http';
import type { Readable } from 'node:stream';
import { ApiError, ConnectionError, isConnectFailure } from './errors.js';
import { API_VERSION, compareVersions } from '../protocol/version.js';

/** The API version this client speaks at most. */
export const CLIENT_API_VERSION = API_VERSION;

/** Where the daemon listens, parsed from `unix:///path` or `tcp://host:port`. */
export interface DaemonAddress {
  /** The address as the user wrote it (used in messages). */
  url: string;
  socketPath?: string;
  hostname?: string;
  port?: number;
}

/** Query parameters; `true` is sent as `1`, `false` and undefined are left out, arrays repeat the key. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One API call. */
export interface RequestOptions {
  method: string;
  path: string;
  query?: Query;
  /** JSON body (serialised with JSON.stringify). */
  json?: unknown;
  /** Raw body, streamed. */
  body?: Readable | Buffer;
  headers?: Record<string, string>;
  /** Whether to prefix the path with `/v<version>`; default true. */
  versioned?: boolean;
  signal?: AbortSignal;
}

/** What `_ping` tells about the daemon. */
export interface PingResult {
  apiVersion: string;
  osType: string;
  experimental: boolean;
}

/** Parses a daemon host string like docker's `-H`. */
export function parseDaemonHost(url: string): DaemonAddress {
  if (url.startsWith('unix://')) return { url, socketPath: url.slice('unix://'.length) };
  const m = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(url);
  if (m) return { url, hostname: m[1], port: Number(m[2]) };
  throw new Error(`unable to parse docker host \`${url}\``);
}

/** Encodes query parameters with sorted keys, as Go's url.Values.Encode does. */
export function encodeQuery(q: Query | undefined): string {
  if (!q) return '';
  const parts: string[] = [];
  for (const k of Object.keys(q).sort()) {
    const v = q[k];
    if (v === undefined || v === false) continue;
    const vals = Array.isArray(v) ? v : [v === true ? '1' : String(v)];
    for (const x of vals) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(x)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The Engine API transport. */
export class Transport {
  readonly address: DaemonAddress;
  readonly #agent: http.Agent;
  #version: Promise<string> | undefined;

  constructor(address: DaemonAddress) {
    this.address = address;
    this.#agent = new http.Agent({ keepAlive: true });
  }

  /** `HEAD /_ping` (falling back to `GET`), unversioned. Throws ConnectionError when nothing listens. */
  async ping(signal?: AbortSignal): Promise<PingResult> {
    const o = { path: '/_ping', versioned: false, ...(signal ? { signal } : {}) };
    const res = await this.request({ method: 'HEAD', ...o }).catch((e: unknown) => {
      if (e instanceof ApiError) return this.request({ method: 'GET', ...o });
      throw e;
    });
    res.resume();
    const h = res.headers;
    return {
      apiVersion: String(h['api-version'] ?? '1.24'),
      osType: String(h['ostype'] ?? ''),
      experimental: h['docker-experimental'] === 'true',
    };
  }

  /** The negotiated API version (memoised; retried after a failure). */
  version(): Promise<string> {
    this.#version ??= this.ping().then(
      (p) => (compareVersions(p.apiVersion, CLIENT_API_VERSION) < 0 ? p.apiVersion : CLIENT_API_VERSION),
      (e: unknown) => {
        this.#version = undefined;
        throw e;
      },
    );
    return this.#version;
  }

  /** Sends a request; resolves when the response headers arrive. Non-2xx becomes ApiError. */
  async request(o: RequestOptions): Promise<http.IncomingMessage> {
    const path = (o.versioned === false ? '' : `/v${await this.version()}`) + o.path + encodeQuery(o.query);
    const res = await this.#send(path, o);
    if (res.statusCode !== undefined && res.statusCode >= 400) throw await readApiError(res);
    return res;
  }

  /** A request whose JSON answer is returned. */
  async json<T>(o: RequestOptions): Promise<T> {
    const res = await this.request(o);
    const text = await readBody(res);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** A request whose answer body is ignored. */
  async call(o: RequestOptions): Promise<number> {
    const res = await this.request(o);
    res.resume();
    return res.statusCode ?? 0;
  }

  /** Options that address the daemon for node:http (socketPath or host/port). */
  target(): http.RequestOptions {
    const a = this.address;
    return a.socketPath ? { socketPath: a.socketPath } : { host: a.hostname ?? '', port: a.port ?? 0 };
  }

  /** Drops idle keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  #send(path: string, o: RequestOptions): Promise<http.IncomingMessage> {
    const headers: Record<string, string> = { 'User-Agent': 'Wharf-Client/0.1.0 (linux)', ...o.headers };
    let payload: Buffer | Readable | undefined = o.body;
    if (o.json !== undefined) {
      payload = Buffer.from(JSON.stringify(o.json));
      headers['Content-Type'] = 'application/json';
    }
    if (Buffer.isBuffer(payload) || payload === undefined) headers['Content-Length'] = String(payload?.length ?? 0);
    return new Promise((resolve, reject) => {
      // servername '': no TLS here, and node's agent would otherwise test the host with isIP, whose
      // IPv6 pattern costs ~4 ms to compile on the first request of every CLI run.
      const options: http.RequestOptions & { servername: string } = {
        ...this.target(), servername: '', method: o.method, path, headers, agent: this.#agent, ...(o.signal ? { signal: o.signal } : {}),
      };
      const req = http.request(options);
      req.on('response', resolve);
      req.on('error', (e) => reject(isConnectFailure(e) ? new ConnectionError(this.address.url, { cause: e }) : e));
      if (payload === undefined || Buffer.isBuffer(payload)) req.end(payload);
      else payload.on('error', (e) => req.destroy(e)).pipe(req);
    });
  }
}

/** Reads a whole response body as UTF-8 text. */
export async function readBody(res: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Turns an error response into ApiError, with moby's fallbacks for bodies that are not JSON. */
export async function readApiError(res: http.IncomingMessage): Promise<ApiError> {
  const status = res.statusCode ?? 0;
  const text = (await readBody(res)).trim();
  let message = text;
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
  } catch {
    /* plain text body */
  }
  if (message === '') message = `${status} ${http.STATUS_CODES[status] ?? ''}`.trim();
  return new ApiError(status, message);
}
