/**
 * A two-way stream connection for attach and exec: either an upgraded raw socket (`101 UPGRADED`),
 * or, for clients that do not upgrade, the response for output and the request body for input
 * (`200 OK`, no chunked framing, closed at the end), as Docker serves both.
 *
 * A body the client declared with Content-Length (options some clients send as JSON) is the
 * request's, never the container's stdin: it is held apart (`body`), as Docker drops it. Input is
 * what follows it on an upgraded socket, or a chunked body on the plain form.
 */
import http from 'node:http';
import type { Ctx } from '../context.js';
import { writeUpgradeHead } from './hijack.js';
import { writePaced } from './backpressure.js';

export interface StreamConnection {
  /** The declared request body (empty when there is none). */
  readonly body: Promise<Buffer>;
  /** Sends output; a promise when the client is not keeping up (send more after it settles). */
  write(data: Buffer): Promise<void> | undefined;
  end(): void;
  /** Input bytes as they arrive (held until a listener is set). */
  onInput(fn: (data: Buffer) => void): void;
  /** The client closed its input side (stdin EOF). */
  onInputEnd(fn: () => void): void;
  /** The connection is gone. */
  onClose(fn: () => void): void;
}

/** The declared body length of the request (0 when none or chunked). */
function declaredLength(ctx: Ctx): number {
  const n = Number(ctx.req.headers['content-length'] ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Splits a byte stream into the first `length` bytes (the body) and the rest (input). */
class BodySplitter {
  readonly body: Promise<Buffer>;
  #need: number;
  #chunks: Buffer[] = [];
  #resolve!: (b: Buffer) => void;
  #held: Buffer[] = [];
  #listener?: (d: Buffer) => void;

  constructor(length: number) {
    this.#need = length;
    this.body = new Promise((r) => (this.#resolve = r));
    if (length === 0) this.#resolve(Buffer.alloc(0));
  }

  push(data: Buffer): void {
    let d = data;
    if (this.#need > 0) {
      const take = d.subarray(0, this.#need);
      this.#chunks.push(take);
      this.#need -= take.length;
      d = d.subarray(take.length);
      if (this.#need === 0) this.#resolve(Buffer.concat(this.#chunks));
    }
    if (d.length === 0) return;
    if (this.#listener) this.#listener(d);
    else this.#held.push(d);
  }

  listen(fn: (d: Buffer) => void): void {
    this.#listener = fn;
    for (const d of this.#held.splice(0)) fn(d);
  }

  /** The stream ended: a body cut short is what arrived. */
  end(): void {
    if (this.#need > 0) this.#resolve(Buffer.concat(this.#chunks));
  }
}

/** A stream request whose body is being read, before any answer: `open` commits to the stream. */
export interface PendingStream {
  /** The declared request body (empty when there is none): exec start's options. */
  readonly body: Promise<Buffer>;
  /** Answers with the stream (101, or 200 on the plain form). */
  open(contentType: string): StreamConnection;
  /** Answers `status` with no body instead of a stream (exec start with Detach). */
  respond(status: number): void;
}

/** Starts reading the request's body and input; nothing is answered yet. */
export function prepareStreamConnection(ctx: Ctx): PendingStream {
  return ctx.hijack ? pendingUpgraded(ctx) : pendingPlain(ctx);
}

export function openStreamConnection(ctx: Ctx, contentType: string): StreamConnection {
  return prepareStreamConnection(ctx).open(contentType);
}

function pendingUpgraded(ctx: Ctx): PendingStream {
  const { socket, head } = ctx.hijack!;
  const split = new BodySplitter(declaredLength(ctx));
  if (head.length > 0) split.push(head);
  socket.on('data', (d: Buffer) => split.push(d));
  socket.on('end', () => split.end());
  return {
    body: split.body,
    open: (contentType) => {
      writeUpgradeHead(socket, contentType);
      return {
        body: split.body,
        write: (d) => (socket.writable ? writePaced(socket, d) : undefined),
        end: () => socket.end(),
        onInput: (fn) => split.listen(fn),
        onInputEnd: (fn) => socket.on('end', fn),
        onClose: (fn) => { socket.on('close', fn); socket.on('error', fn); },
      };
    },
    respond: (status) => socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nApi-Version: ${ctx.version}\r\nContent-Length: 0\r\n\r\n`),
  };
}

function pendingPlain(ctx: Ctx): PendingStream {
  const { req } = ctx;
  const res = ctx.response;
  // A declared body is all this request can carry: it is options, and no stdin follows.
  const declared = req.headers['content-length'] !== undefined;
  const split = new BodySplitter(declared ? declaredLength(ctx) : 0);
  req.on('data', (d: Buffer) => split.push(d));
  req.on('end', () => split.end());
  return {
    body: split.body,
    open: (contentType) => {
      res.useChunkedEncodingByDefault = false;
      res.writeHead(200, { 'Content-Type': contentType, Connection: 'close' });
      res.flushHeaders();
      return {
        body: split.body,
        write: (d) => (res.writableEnded ? undefined : writePaced(res, d)),
        end: () => res.end(),
        onInput: (fn) => split.listen(fn),
        onInputEnd: (fn) => { if (!declared) req.on('end', fn); },
        onClose: (fn) => res.on('close', fn),
      };
    },
    respond: (status) => void res.writeHead(status, { 'Content-Length': 0 }).end(),
  };
}

/**
 * An error answered on a stream request, as Docker writes it on the connection it took over: a raw
 * status line, the stream content type and the message as text, then close.
 */
export function failStream(ctx: Ctx, status: number, message: string): void {
  const text = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n${message}\r\n`;
  const socket = ctx.hijack?.socket ?? ctx.req.socket;
  if (socket.writable) socket.end(text);
  else socket.destroy();
}
