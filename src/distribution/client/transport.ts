/**
 * HTTP for the registry client, over undici: one pooled Agent per TLS setting (CAs, client pair,
 * verification), timeouts on connect, headers and idle bodies, redirects followed for reads
 * (registries send blob GETs to storage; undici drops Authorization across origins), and retries
 * with back-off for idempotent requests that fail in transport or with a 5xx. Failures become
 * RegistryTransportError with Go's wording (`Get "url": dial tcp host:port: connect: connection refused`),
 * since that is what Docker users read.
 */
import { createHash } from 'node:crypto';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { RegistryContentError, RegistryTransportError } from './errors.js';
import type { TlsSettings } from './hosts.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  tls: TlsSettings;
  /** Aborts the exchange. */
  signal?: AbortSignal;
  /** Tries of this request, when fewer than the transport's (1: the caller retries). */
  attempts?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
}

export interface TransportOptions {
  connectTimeoutMs?: number;
  /** Waiting for response headers. */
  headersTimeoutMs?: number;
  /** Longest pause between two body chunks. */
  bodyTimeoutMs?: number;
  /** Attempts of an idempotent request (default 3). */
  attempts?: number;
  /** First back-off delay; doubles per attempt (default 250 ms). */
  backoffMs?: number;
}

const RETRY_STATUS = new Set([500, 502, 503, 504]);
const IDEMPOTENT = new Set<Method>(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Failures another attempt will not mend: nothing listens, no such host, TLS that does not verify. */
const FINAL = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** Go's `Get`, `Head`… as net/http's url.Error prints the method. */
const goMethod = (m: string) => m[0] + m.slice(1).toLowerCase();

/** Docker-style text of a transport failure. */
export function describeTransportError(method: string, url: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const c = (err.cause ?? err) as NodeJS.ErrnoException & { address?: string; port?: number };
  const u = new URL(url);
  const hostPort = `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  const prefix = `${goMethod(method)} "${url}": `;
  switch (c.code) {
    case 'ECONNREFUSED': return `${prefix}dial tcp ${hostPort}: connect: connection refused`;
    case 'ECONNRESET': return `${prefix}read tcp ${hostPort}: read: connection reset by peer`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `${prefix}dial tcp: lookup ${u.hostname}: no such host`;
    case 'EHOSTUNREACH': return `${prefix}dial tcp ${hostPort}: connect: no route to host`;
    case 'UND_ERR_CONNECT_TIMEOUT': return `${prefix}dial tcp ${hostPort}: i/o timeout`;
    case 'UND_ERR_HEADERS_TIMEOUT': return `${prefix}net/http: request canceled (Client.Timeout exceeded while awaiting headers)`;
    case 'UND_ERR_BODY_TIMEOUT': return `${prefix}net/http: request canceled (Client.Timeout or context cancellation while reading body)`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'SELF_SIGNED_CERT_IN_CHAIN': case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `${prefix}x509: certificate signed by unknown authority`;
    case 'CERT_HAS_EXPIRED': return `${prefix}x509: certificate has expired or is not yet valid`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return `${prefix}x509: certificate is valid for ${(c as { cert?: { subjectaltname?: string } }).cert?.subjectaltname ?? 'other names'}, not ${u.hostname}`;
    // The server's TLS alert (a refused or missing client certificate), as Go's client reads it.
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE': return `${prefix}remote error: tls: bad certificate`;
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED': return `${prefix}remote error: tls: certificate required`;
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA': return `${prefix}remote error: tls: unknown certificate authority`;
    case 'EPROTO': case 'ERR_SSL_WRONG_VERSION_NUMBER': return `${prefix}http: server gave HTTP response to HTTPS client`;
    default: return `${prefix}${c.message || String(c)}`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A connector whose sockets close on a TLS error. With TLS 1.3 the server refuses a client certificate
 * after the handshake: its alert comes as an 'error' without a close, then the server's FIN, on which
 * undici fails the request with 'other side closed' instead. Closing at the alert keeps it as the error.
 */
function closingOnTlsError(connect: buildConnector.connector): buildConnector.connector {
  return (opts, cb) => connect(opts, (...args) => {
    const socket = args[1];
    socket?.prependListener('error', (e: NodeJS.ErrnoException) => {
      if (e.code?.startsWith('ERR_SSL_')) socket.destroy();
    });
    cb(...args);
  });
}

export class Transport {
  readonly #agents = new Map<string, Agent>();
  /** The same settings object asks again for every request of a session: no rehash of the CA bundle. */
  readonly #byObject = new WeakMap<TlsSettings, Agent>();
  readonly #o: Required<TransportOptions>;

  constructor(o: TransportOptions = {}) {
    this.#o = { connectTimeoutMs: 15_000, headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000, attempts: 3, backoffMs: 250, ...o };
  }

  #agent(tls: TlsSettings): Agent {
    const known = this.#byObject.get(tls);
    if (known) return known;
    const key = createHash('sha256').update(JSON.stringify([tls.verify, tls.ca ?? null, tls.cert ?? '', tls.key ?? ''])).digest('hex');
    let a = this.#agents.get(key);
    if (!a) {
      a = new Agent({
        connect: closingOnTlsError(buildConnector({
          timeout: this.#o.connectTimeoutMs, rejectUnauthorized: tls.verify,
          ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
        })),
        headersTimeout: this.#o.headersTimeoutMs, bodyTimeout: this.#o.bodyTimeoutMs,
        keepAliveTimeout: 30_000, connections: 16,
      });
      this.#agents.set(key, a);
    }
    this.#byObject.set(tls, a);
    return a;
  }

  /** One request; idempotent ones (no streamed body) are retried on transport failures and 5xx. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const replayable = req.body === undefined || typeof req.body === 'string' || Buffer.isBuffer(req.body);
    const retryable = replayable && IDEMPOTENT.has(req.method);
    const attempts = retryable ? Math.min(this.#o.attempts, req.attempts ?? Infinity) : 1;
    for (let i = 1; ; i++) {
      try {
        const res = await request(req.url, {
          method: req.method, headers: req.headers, body: req.body, dispatcher: this.#agent(req.tls),
          maxRedirections: req.method === 'GET' || req.method === 'HEAD' ? 5 : 0, signal: req.signal,
        });
        if (i < attempts && RETRY_STATUS.has(res.statusCode)) {
          res.body.resume();
          await sleep(this.#o.backoffMs * 2 ** (i - 1));
          continue;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        return { status: res.statusCode, headers, body: res.body };
      } catch (e) {
        if ((e as Error).name === 'AbortError' || req.signal?.aborted) throw e;
        const code = ((e as { cause?: { code?: string } }).cause?.code ?? (e as NodeJS.ErrnoException).code) ?? '';
        if (i >= attempts || FINAL.has(code)) throw new RegistryTransportError(describeTransportError(req.method, req.url, e), { cause: e });
        await sleep(this.#o.backoffMs * 2 ** (i - 1));
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((a) => a.close()));
    this.#agents.clear();
  }
}

/** Reads a whole small body, refusing more than `limit` bytes. */
export async function readBody(body: HttpResponse['body'], limit = 8 << 20, what = 'response'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += (c as Buffer).length;
    if (n > limit) {
      body.on('error', () => undefined).destroy(); // undici's AbortError on destroy: nobody else listens
      throw new RegistryContentError(`${what} exceeds ${limit} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
