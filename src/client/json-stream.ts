/**
 * Newline-delimited JSON progress streams (pull, push, import, load, build): one JSONMessage per line
 * (moby api/types/jsonstream). Errors arrive in-band as `errorDetail`/`error` after a 200 status.
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

/** Yields the messages of a stream; throws ProtocolError for a line that is not JSON. */
export async function* readJsonMessages(src: Readable): AsyncGenerator<JsonMessage> {
  for await (const line of readLines(src)) yield parseLine(line);
}

function parseLine(line: string): JsonMessage {
  try {
    return JSON.parse(line) as JsonMessage;
  } catch {
    throw new ProtocolError(`invalid JSON in progress stream: ${line.slice(0, 200)}`);
  }
}

/** The in-band error of a message, if any, as a StreamError. */
export function messageError(m: JsonMessage): StreamError | undefined {
  const text = m.errorDetail?.message ?? m.error;
  return text === undefined || text === '' ? undefined : new StreamError(text);
}
