/**
 * A recording proxy for the Docker API on a unix socket: every request is forwarded unchanged to the real
 * daemon's socket, and each `POST /build` exchange (request line, request body, status, response body) is kept,
 * so the recorder sees exactly what the docker CLI sent and what Docker answered. Used by record-reference.ts only.
 */
import http from 'node:http';
import { rmSync } from 'node:fs';

/** One recorded `POST /build` exchange. */
export interface BuildExchange { method: string; path: string; contentType: string | undefined; requestBody: Buffer; status: number; responseBody: string }

/** A proxy listening on `socket`, forwarding to `upstream`; `exchanges` fills as builds pass through. */
export class RecordingProxy {
  readonly exchanges: BuildExchange[] = [];
  #server?: http.Server;

  constructor(readonly socket: string, readonly upstream: string) {}

  /** Starts listening (removes a stale socket file first). */
  async start(): Promise<void> {
    rmSync(this.socket, { force: true });
    this.#server = http.createServer((req, res) => this.#forward(req, res));
    await new Promise<void>((r) => this.#server!.listen(this.socket, r));
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.#server ? this.#server.close(() => r()) : r()));
    rmSync(this.socket, { force: true });
  }

  #forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const isBuild = req.method === 'POST' && /^(\/v[\d.]+)?\/build(\?|$)/.test(req.url ?? '');
    const reqChunks: Buffer[] = [];
    const up = http.request({ socketPath: this.upstream, method: req.method, path: req.url, headers: req.headers }, (ures) => {
      res.writeHead(ures.statusCode ?? 502, ures.headers);
      let text = '';
      ures.on('data', (c: Buffer) => {
        if (isBuild) text += c.toString('utf8');
        res.write(c);
      });
      ures.on('end', () => {
        res.end();
        if (!isBuild) return;
        this.exchanges.push({
          method: req.method!, path: req.url!, contentType: req.headers['content-type'],
          requestBody: Buffer.concat(reqChunks), status: ures.statusCode ?? 0, responseBody: text,
        });
      });
    });
    up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    req.on('data', (c: Buffer) => { if (isBuild) reqChunks.push(c); up.write(c); });
    req.on('end', () => up.end());
  }
}
