/**
 * Display of JSON progress streams like docker's jsonmessage.DisplayJSONMessagesStream: on a
 * terminal, one line per layer id updated in place with cursor movements; otherwise one line per
 * status change, progress-bar updates left out. In-band errors end the display with a StreamError.
 */
import type { JsonMessage } from '../../client/json-stream.js';
import { messageError, readJsonMessages } from '../../client/json-stream.js';
import type { Readable } from 'node:stream';
import { progressText } from '../../util/go-units.js';

/** Where and how to display. */
export interface ProgressOptions {
  out: NodeJS.WritableStream;
  isTerminal: boolean;
  /** Called for `aux` messages (e.g. the image ID of an import). */
  onAux?: (aux: Record<string, unknown>) => void;
}

/** The progress part of a message (docker's JSONProgress.String, without the time estimate). */
export function progressString(m: JsonMessage, width = 80): string {
  return progressText(m.progressDetail?.current ?? 0, m.progressDetail?.total ?? 0, width);
}

function displayLine(m: JsonMessage, o: ProgressOptions): string | undefined {
  const hasProgress = m.progressDetail !== undefined;
  let s = '';
  let endl = '';
  if (o.isTerminal && m.stream === undefined && hasProgress) {
    s += '\x1b[2K\r';
    endl = '\r';
  } else if (hasProgress && progressString(m) !== '') {
    return undefined;
  }
  if (m.id) s += `${m.id}: `;
  if (m.from) s += `(from ${m.from}) `;
  const progress = progressString(m, (o.out as { columns?: number }).columns ?? 80);
  if (hasProgress && o.isTerminal) s += `${m.status ?? ''} ${progress}${endl}`;
  else if (m.stream !== undefined) s += `${m.stream}${endl}`;
  else s += `${m.status ?? ''}${endl}\n`;
  return s;
}

/** Reads and displays a progress stream until it ends; throws the first in-band error. */
export async function displayProgress(src: Readable, o: ProgressOptions): Promise<void> {
  const ids = new Map<string, number>();
  for await (const m of readJsonMessages(src)) {
    if (m.aux) {
      o.onAux?.(m.aux);
      continue;
    }
    const err = messageError(m);
    if (err) throw err;
    let diff = 0;
    if (m.id && m.progressDetail !== undefined) {
      let line = ids.get(m.id);
      if (line === undefined) {
        line = ids.size;
        ids.set(m.id, line);
        if (o.isTerminal) o.out.write('\n');
      }
      diff = ids.size - line;
      if (o.isTerminal && diff > 0) o.out.write(`\x1b[${diff}A`);
    } else ids.clear();
    const text = displayLine(m, o);
    if (text !== undefined) o.out.write(text);
    if (m.id && o.isTerminal && diff > 0) o.out.write(`\x1b[${diff}B`);
  }
}
