/**
 * What a route handler gets: the parsed request (params, query, negotiated version), helpers to
 * answer in Docker's style, and — for attach/exec — the raw socket when the client asked to upgrade.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './errors.js';
import type { Engine } from '../engine/engine.js';

/** Request bodies above this are refused (API bodies are small; archives stream separately). */
const MAX_JSON_BODY = 8 * 1024 * 1024;

export interface Hijack { socket: Duplex; head: Buffer }

export class Ctx {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse | undefined,
    readonly engine: Engine,
    readonly version: string,
    readonly params: Record<string, string>,
    readonly query: URLSearchParams,
    readonly hijack?: Hijack,
  ) {}

  /** The response object; handlers of upgraded requests must use `hijack` instead. */
  get response(): ServerResponse {
    if (!this.res) throw new ApiError(400, 'this endpoint does not support connection upgrade');
    return this.res;
  }

  param(name: string): string {
    return this.params[name] ?? '';
  }

  /** Docker's boolean query values: "1", "true", "True" are true; absent is `def`. */
  bool(name: string, def = false): boolean {
    const v = this.query.get(name);
    if (v === null || v === '') return def;
    return !['0', 'false', 'False', 'FALSE', 'no'].includes(v);
  }

  int(name: string, def?: number): number | undefined {
    const v = this.query.get(name);
    if (v === null || v === '') return def;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new ApiError(400, `invalid value for ${name}: ${v}`);
    return n;
  }

  async body(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of this.req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_JSON_BODY) throw new ApiError(413, `request body too large (limit ${MAX_JSON_BODY} bytes)`);
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  }

  /** Parses a JSON body; empty bodies give `def`. Malformed JSON is a 400 as in Docker. */
  async json<T>(def?: T): Promise<T> {
    const raw = (await this.body()).toString('utf8');
    if (raw.trim() === '') {
      if (def !== undefined) return def;
      throw new ApiError(400, 'invalid JSON: request body is empty');
    }
    try {
      return JSON.parse(raw) as T;
    } catch (e) {
      throw new ApiError(400, `invalid JSON: ${(e as Error).message}`);
    }
  }

  send(status: number, body: unknown): void {
    const res = this.response;
    const text = JSON.stringify(body) + '\n';
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  noContent(status = 204): void {
    this.response.writeHead(status).end();
  }

  text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
    this.response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) }).end(body);
  }
}
