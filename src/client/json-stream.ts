/**
 * Newline-delimited JSON streams: progress (pull, push, import, load, build: one JSONMessage per line,
 * moby api/types/jsonstream, errors in-band as `errorDetail`/`error` after a 200 status), and any
 * other one-value-per-line stream (stats).
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ProtocolError, StreamError } from './errors.js';
import type { JsonMessage } from '../protocol/json-message.js';

export type { JsonMessage };

/** Yields the non-empty lines of a stream, trimmed, each as soon as it is complete. */
export async function* readLines(src: Readable): AsyncGenerator<string> {
  const utf8 = new StringDecoder('utf8'); // a character may span two chunks
  let buf = '';
  for await (const chunk of src) {
    buf += utf8.write(chunk as Buffer);
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line !== '') yield line;
    }
  }
  buf += utf8.end();
  if (buf.trim() !== '') yield buf.trim();
}

/** Yields one JSON value per line of `src` (stats, events); ProtocolError names `what` for a bad line. */
export async function* readJsonLines<T>(src: Readable, what: string): AsyncGenerator<T> {
  for await (const line of readLines(src)) yield parseLine<T>(line, what);
}

/** Yields the messages of a stream; throws ProtocolError for a line that is not JSON. */
export function readJsonMessages(src: Readable): AsyncGenerator<JsonMessage> {
  return readJsonLines<JsonMessage>(src, 'progress stream');
}

function parseLine<T>(line: string, what: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new ProtocolError(`invalid JSON in ${what}: ${line.slice(0, 200)}`);
  }
}

/** The in-band error of a message, if any, as a StreamError. */
export function messageError(m: JsonMessage): StreamError | undefined {
  const text = m.errorDetail?.message ?? m.error;
  return text === undefined || text === '' ? undefined : new StreamError(text);
}
