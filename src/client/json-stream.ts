/**
 * Newline-delimited JSON progress streams (pull, push, import, load, build): one JSONMessage per line
 * (moby api/types/jsonstream). Errors arrive in-band as `errorDetail`/`error` after a 200 status.
 */
import type { Readable } from 'node:stream';
import { ProtocolError, StreamError } from './errors.js';
import type { JsonMessage } from '../protocol/json-message.js';

export type { JsonMessage };

/** Yields the messages of a stream; throws ProtocolError for a line that is not JSON. */
export async function* readJsonMessages(src: Readable): AsyncGenerator<JsonMessage> {
  let buf = '';
  for await (const chunk of src) {
    buf += (chunk as Buffer).toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line !== '') yield parseLine(line);
    }
  }
  if (buf.trim() !== '') yield parseLine(buf.trim());
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
