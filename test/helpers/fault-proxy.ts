/**
 * A fault-injecting HTTP proxy in front of a test registry, in the test's own process: it forwards
 * every request to `upstream` unless the test's `fault` hook picks a fault for it (a status, a
 * canned reply, a reply that never comes, a body cut short, corrupted or throttled), and records
 * each exchange (method, path, status, bytes sent, whether the client went away before the end),
 * so tests count the blob GETs a pull made.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What to do with one request. */
export type Fault =
  | { kind: 'status'; status: number; body?: string }
  /** A canned reply; `chunked`: without Content-Length, so the client learns the size only by reading. */
  | { kind: 'reply'; status: number; headers: Record<string, string>; body: Buffer; chunked?: boolean }
  | { kind: 'hang' }
  /** Forward, but end the body after `bytes` bytes (Content-Length kept: the client sees a short body). */
  | { kind: 'truncate'; bytes: number }
  /** Forward with one byte of the body changed (length kept). */
  | { kind: 'corrupt' }
  /** Forward at about `bytesPerSec`. */
  | { kind: 'throttle'; bytesPerSec: number };

export interface Exchange {
  method: string;
  path: string;
  status?: number;
  bytes: number;
  /** The body went out whole. */
  complete: boolean;
  /** The client closed the connection before the body was done. */
  aborted: boolean;
  /** The request's Range header, if any. */
  range?: string;
}

/** Chooses a fault for a request; `n` counts requests for the same method and path, from 1. */
export type FaultHook = (req: { method: string; path: string }, n: number) => Fault | undefined;

export class FaultProxy {
  fault: FaultHook = () => undefined;
  readonly exchanges: Exchange[] = [];
  readonly #seen = new Map<string, number>();
  readonly #sockets = new Set<Socket>();
  readonly #upstream: URL;
  #server?: http.Server;
  #url = '';

  private constructor(upstream: string) {
    this.#upstream = new URL(upstream);
  }

  static async start(upstream: string): Promise<FaultProxy> {
    const p = new FaultProxy(upstream);
    const server = http.createServer((req, res) => p.#handle(req, res));
    server.on('connection', (s) => {
      p.#sockets.add(s);
      s.once('close', () => p.#sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    p.#server = server;
    p.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return p;
  }

  get url(): string {
    return this.#url;
  }

  /** `127.0.0.1:port`, as image references name it. */
  get host(): string {
    return new URL(this.#url).host;
  }

  /** Exchanges of `method` whose path ends with `suffix` (a blob digest, `manifests/tag`). */
  requests(method: string, suffix: string): Exchange[] {
    return this.exchanges.filter((e) => e.method === method && e.path.split('?')[0]!.endsWith(suffix));
  }

  /** Forgets the recorded exchanges and the per-path counts. */
  reset(): void {
    this.exchanges.length = 0;
    this.#seen.clear();
    this.fault = () => undefined;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const key = `${method} ${path.split('?')[0]}`;
    const n = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, n);
    const ex: Exchange = { method, path, bytes: 0, complete: false, aborted: false, ...(req.headers.range ? { range: req.headers.range } : {}) };
    this.exchanges.push(ex);
    res.once('close', () => {
      if (!ex.complete) ex.aborted = true;
    });
    const f = this.fault({ method, path }, n);
    if (f?.kind === 'hang') return void req.resume();
    if (f?.kind === 'status' || f?.kind === 'reply') {
      req.resume();
      const body = f.kind === 'reply' ? f.body : Buffer.from(f.body ?? '');
      ex.status = f.status;
      const chunked = f.kind === 'reply' && f.chunked;
      res.writeHead(f.status, { ...(chunked ? {} : { 'Content-Length': body.length }), ...(f.kind === 'reply' ? f.headers : {}) });
      res.end(body, () => {
        ex.bytes = body.length;
        ex.complete = true;
      });
      return;
    }
    this.#forward(req, res, ex, f);
  }

  #forward(req: http.IncomingMessage, res: http.ServerResponse, ex: Exchange, f: Fault | undefined): void {
    const headers = { ...req.headers, host: this.#upstream.host };
    const up = http.request({ host: this.#upstream.hostname, port: this.#upstream.port, method: req.method, path: req.url, headers }, (ur) => {
      ex.status = ur.statusCode;
      const location = ur.headers.location?.replace(this.#upstream.origin, this.#url);
      res.writeHead(ur.statusCode ?? 502, { ...ur.headers, ...(location ? { location } : {}) });
      void this.#pump(ur, res, ex, ur.statusCode === 200 || ur.statusCode === 206 ? f : undefined);
    });
    up.on('error', () => res.destroy());
    res.once('close', () => up.destroy());
    req.pipe(up);
  }

  /** Copies the upstream body to the client, applying a body fault. */
  async #pump(from: http.IncomingMessage, to: http.ServerResponse, ex: Exchange, f: Fault | undefined): Promise<void> {
    let flipped = false;
    try {
      for await (const c of from) {
        let chunk = c as Buffer;
        if (f?.kind === 'truncate') {
          chunk = chunk.subarray(0, Math.max(0, f.bytes - ex.bytes));
          if (chunk.length === 0) break;
        }
        if (f?.kind === 'corrupt' && !flipped) {
          chunk = Buffer.from(chunk);
          chunk[chunk.length >> 1] = chunk[chunk.length >> 1]! ^ 0xff;
          flipped = true;
        }
        if (f?.kind === 'throttle') {
          for (let i = 0; i < chunk.length; i += 16 << 10) {
            const piece = chunk.subarray(i, i + (16 << 10));
            if (!(await this.#write(to, piece))) return;
            ex.bytes += piece.length;
            await new Promise((r) => setTimeout(r, (piece.length / f.bytesPerSec) * 1000));
          }
          continue;
        }
        if (!(await this.#write(to, chunk))) return;
        ex.bytes += chunk.length;
      }
    } catch {
      to.destroy();
      return;
    }
    if (f?.kind === 'truncate') {
      // Content-Length promised more: close the connection so the client sees a short body.
      to.destroy();
      return;
    }
    to.end(() => {
      ex.complete = true;
    });
  }

  #write(to: http.ServerResponse, chunk: Buffer): Promise<boolean> {
    if (to.destroyed) return Promise.resolve(false);
    return new Promise((r) => to.write(chunk, (err) => r(!err && !to.destroyed)));
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((r) => this.#server?.close(r));
  }
}
