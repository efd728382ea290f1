/** Small HTTP helpers for the registry's handlers: replies, bodies, ranges, pagination parameters. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RegistryError } from './errors.js';

/** Sends a JSON body with an explicit length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a reply without a body (`Content-Length: 0`). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}

/**
 * Reads a whole request body up to `limit` bytes. A declared Content-Length over the limit fails
 * before reading; so does a body that grows past it. `tooLarge` makes the error to throw.
 */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: () => RegistryError): Promise<Buffer> {
  const declared = contentLength(req);
  if (declared !== undefined && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/** The declared Content-Length, or undefined (chunked transfer or absent). */
export function contentLength(req: IncomingMessage): number | undefined {
  const v = req.headers['content-length'];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new RegistryError('SIZE_INVALID', { detail: 'bad Content-Length' });
  return n;
}

/** Whether the request carries a body worth reading (a length above zero, or chunked encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const len = contentLength(req);
  return len === undefined ? req.headers['transfer-encoding'] !== undefined : len > 0;
}

/** Parses an upload `Content-Range: <start>-<end>` (inclusive, also accepting `bytes=` prefixes). */
export function parseContentRange(v: string | undefined): { start: number; end: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(?:bytes[= ])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(v.trim());
  if (!m) throw new RegistryError('RANGE_INVALID', { detail: `bad Content-Range ${v}` });
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start) throw new RegistryError('RANGE_INVALID', { detail: `bad Content-Range ${v}` });
  return { start, end };
}

/**
 * Parses a single-range `Range: bytes=a-b` request header against a blob of `size` bytes.
 * Undefined when absent or not a byte range (serve the whole blob); throws a 416 when unsatisfiable.
 */
export function parseByteRange(v: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!v) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(v.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) {
    throw new RegistryError('RANGE_INVALID', { headers: { 'Content-Range': `bytes */${size}` } });
  }
  return { start, end };
}

/** Parses the `n` pagination parameter; undefined when absent. */
export function parsePageSize(v: string | null, max: number): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > max) {
    throw new RegistryError('PAGINATION_NUMBER_INVALID', { detail: { n: v, max } });
  }
  return n;
}

/** One page of a sorted list, after `last` (exclusive), with whether more follow. */
export function page<T>(items: T[], key: (t: T) => string, n: number, last: string | null): { items: T[]; more: boolean } {
  const from = last ? items.findIndex((t) => key(t) > last) : 0;
  const rest = from < 0 ? [] : items.slice(from);
  return { items: rest.slice(0, n), more: rest.length > n };
}

/** Strips parameters from a media type header value (`a/b; charset=x` → `a/b`). */
export function bareMediaType(v: string | undefined): string | undefined {
  const t = v?.split(';')[0]?.trim();
  return t ? t : undefined;
}
