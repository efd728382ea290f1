/**
 * A two-way stream connection for attach and exec: either an upgraded raw socket (`101 UPGRADED`),
 * or, for clients that do not upgrade, the response for output and the request body for input
 * (`200 OK`, no chunked framing, closed at the end), as Docker serves both.
 */
import type { Ctx } from '../context.js';
import { writeUpgradeHead } from './hijack.js';

export interface StreamConnection {
  /** Bytes the client sent past the request headers, to be treated as input first. */
  readonly head: Buffer;
  write(data: Buffer): void;
  end(): void;
  onInput(fn: (data: Buffer) => void): void;
  /** The client closed its input side (stdin EOF). */
  onInputEnd(fn: () => void): void;
  /** The connection is gone. */
  onClose(fn: () => void): void;
}

export function openStreamConnection(ctx: Ctx, contentType: string): StreamConnection {
  if (ctx.hijack) {
    const { socket, head } = ctx.hijack;
    writeUpgradeHead(socket, contentType);
    return {
      head,
      write: (d) => { if (socket.writable) socket.write(d); },
      end: () => socket.end(),
      onInput: (fn) => socket.on('data', fn),
      onInputEnd: (fn) => socket.on('end', fn),
      onClose: (fn) => { socket.on('close', fn); socket.on('error', fn); },
    };
  }
  const res = ctx.response;
  const req = ctx.req;
  res.useChunkedEncodingByDefault = false;
  res.writeHead(200, { 'Content-Type': contentType, Connection: 'close' });
  res.flushHeaders();
  return {
    head: Buffer.alloc(0),
    write: (d) => { if (!res.writableEnded) res.write(d); },
    end: () => res.end(),
    onInput: (fn) => req.on('data', fn),
    onInputEnd: (fn) => req.on('end', fn),
    onClose: (fn) => res.on('close', fn),
  };
}
