/**
 * A conversation with one registry: picks the endpoint (pinging `/v2/` in dockerd's order, moving on
 * when one cannot be reached), authorizes each request for its scopes, and turns error replies into
 * typed errors. Repository operations (manifests, blobs, uploads, tags) sit on top in repository.ts.
 */
import { Authorizer, type Credentials } from './auth.js';
import { RegistryStatusError, RegistryTransportError, RegistryUnauthorizedError, RoundTripAuthError, describeErrors, specErrors } from './errors.js';
import type { Endpoint } from './hosts.js';
import { readBody, type HttpResponse, type Method, type Transport } from './transport.js';
import type { Readable } from 'node:stream';
import { STATUS_CODES } from 'node:http';

export interface SessionRequest {
  method: Method;
  /** Path from the endpoint's base (`/v2/…`), or an absolute URL (upload locations). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  /** Token scopes the request needs (`repository:a/b:pull`). */
  scopes: string[];
  signal?: AbortSignal;
  /** One try only: the caller retries itself (blob downloads resume where they stopped). */
  once?: boolean;
}

/** A chosen endpoint with its auth state. */
interface Live { ep: Endpoint; auth: Authorizer }

export class RegistrySession {
  #live?: Promise<Live>;
  /** The endpoint the last successful ping chose. */
  #current?: Endpoint;
  #skip = 0;

  /** `endpoints` lists where the registry `domain` is served, in the order to try them. */
  constructor(
    private readonly transport: Transport,
    private readonly endpoints: () => Promise<Endpoint[]>,
    readonly domain: string,
    private readonly creds: Credentials = {},
  ) {}

  /** The endpoint in use (pinging on first use). */
  async endpoint(): Promise<Endpoint> {
    return (await this.#pick()).ep;
  }

  /**
   * After a failure on a mirror, moves on to the next endpoint; false when the endpoint in use is not
   * a mirror (or none answered: nothing is pinged again) or there is no next one.
   */
  async fallback(): Promise<boolean> {
    if (!this.#current?.mirror) return false;
    const eps = await this.endpoints();
    if (this.#skip + 1 >= eps.length) return false;
    this.#skip++;
    this.#live = undefined;
    this.#current = undefined;
    return true;
  }

  #pick(): Promise<Live> {
    this.#live ??= this.#ping().catch((e) => {
      this.#live = undefined;
      throw e;
    });
    return this.#live;
  }

  /** GET /v2/ on each endpoint in turn: the first that answers (200 or 401) is used. */
  async #ping(): Promise<Live> {
    const eps = (await this.endpoints()).slice(this.#skip);
    let last: unknown;
    for (const [i, ep] of eps.entries()) {
      try {
        const res = await this.transport.send({ method: 'GET', url: `${ep.base}/v2/`, tls: ep.tls });
        res.body.resume();
        const auth = new Authorizer(this.transport, ep.tls, this.creds);
        if (res.status === 401) auth.learn(res);
        else if (res.status >= 400 && ep.mirror) throw new RegistryStatusError(res.status, `mirror ${ep.base} answered ${res.status} to /v2/`);
        this.#skip += i;
        this.#current = ep;
        return { ep, auth };
      } catch (e) {
        last = e;
        if (!(e instanceof RegistryTransportError) && !ep.mirror) throw e;
      }
    }
    throw last;
  }

  /** Sends a request with auth; a 401 is answered once (a token for the scopes the challenge names). */
  async send(r: SessionRequest): Promise<HttpResponse> {
    const { ep, auth } = await this.#pick();
    const url = /^https?:\/\//.test(r.path) ? r.path : `${ep.base}${r.path}`;
    const go = async (): Promise<HttpResponse> => {
      const header = await auth.header(r.scopes).catch((e: unknown) => {
        throw e instanceof RegistryUnauthorizedError ? new RoundTripAuthError(e.message, { cause: e }) : e;
      });
      return this.transport.send({
        method: r.method, url, tls: ep.tls, headers: { ...r.headers, ...(header ? { Authorization: header } : {}) }, body: r.body, signal: r.signal,
        ...(r.once ? { attempts: 1 } : {}),
      });
    };
    let res = await go();
    const replayable = r.body === undefined || typeof r.body === 'string' || Buffer.isBuffer(r.body);
    if (res.status === 401 && replayable) {
      const before = auth.challenge;
      const c = auth.learn(res);
      res.body.resume();
      if (!c) throw await this.statusError(res);
      const extra = c.params.scope ? c.params.scope.split(' ') : [];
      auth.forget(r.scopes);
      if (before?.scheme === c.scheme && c.scheme === 'basic') throw new RegistryUnauthorizedError(await this.#unauthorizedText(res));
      r = { ...r, scopes: [...new Set([...r.scopes, ...extra])] };
      res = await go();
    }
    return res;
  }

  async #unauthorizedText(res: HttpResponse): Promise<string> {
    const body = await readBody(res.body, 1 << 20).catch(() => Buffer.alloc(0));
    const errs = specErrors(body.toString('utf8'));
    return errs.length ? describeErrors(errs) : 'unauthorized: authentication required';
  }

  /** The typed error of an error reply (reads its body). */
  async statusError(res: HttpResponse): Promise<Error> {
    const body = res.status === 204 || res.body.destroyed ? '' : (await readBody(res.body, 1 << 20).catch(() => Buffer.alloc(0))).toString('utf8');
    const errs = specErrors(body);
    const text = errs.length ? describeErrors(errs) : `unexpected status ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`;
    if (res.status === 401) return new RegistryUnauthorizedError(errs.length ? text : 'unauthorized: authentication required');
    // distribution's client reports every 5xx by its status line, whatever the body says (Docker 20.10 checked).
    if (res.status >= 500) return new RegistryStatusError(res.status, `received unexpected HTTP status: ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd(), errs);
    return new RegistryStatusError(res.status, text, errs);
  }

  /** A plain GET elsewhere (a foreign layer's URL): no credentials, the system's trust. */
  async fetchForeign(url: string, signal?: AbortSignal): Promise<HttpResponse> {
    return this.transport.send({ method: 'GET', url, tls: { verify: true }, signal });
  }

  /** The auth state (login reads the identity token it got). */
  async authorizer(): Promise<Authorizer> {
    return (await this.#pick()).auth;
  }
}
