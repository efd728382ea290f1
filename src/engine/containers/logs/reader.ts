/**
 * Reading a container's log with Docker's options: stream selection, since/until, tail (counted
 * over both streams, before the stream filter, as Docker counts) and follow. The rotated files are
 * read first, then the live one; following survives rotations (follow.ts). Memory stays bounded
 * whatever the log's size: files are read in chunks, and the next chunk waits while the consumer's
 * `emit` promise (its client's backpressure) is pending.
 */
import type { LogEntry } from '../../engine.js';
import { entrySeconds, parseLogLine } from './format.js';
import { logFiles } from './files.js';
import { LogCursor, type RecordSink } from './cursor.js';
import { tailStart, type LogPosition } from './tail.js';
import { FollowedFiles, followLog } from './follow.js';

/** What reading needs of the container. */
export interface LogSubject {
  path: string;
  running(): boolean;
  /** Calls `fn` when the container's output ends (its exit, removal, or a failed start); returns the unsubscribe. */
  onOutputEnd(fn: () => void): () => void;
}

export interface ReadOptions {
  stdout: boolean;
  stderr: boolean;
  since?: number;
  until?: number;
  tail?: number;
  follow: boolean;
  /** Read the live file from this byte offset on (and no rotated file). */
  fromOffset?: number;
  /** Stop at this byte offset of the live file (a replay that a live stream continues). */
  toOffset?: number;
  /** Follow until the next exit even if the container is not running yet (attach before start). */
  untilNextExit?: boolean;
  signal?: AbortSignal;
}

/** Reads the log and hands each wanted entry to `emit`, in order; a promise from `emit` pauses reading until it settles. */
export async function readLog(s: LogSubject, o: ReadOptions, emit: (e: LogEntry) => void | Promise<void>): Promise<void> {
  const onRecord: RecordSink = (line) => {
    const e = parseLogLine(line);
    return e && wanted(e, o) ? emit(e) : undefined;
  };
  const signal = o.signal;
  // Listed and opened in one turn: a rotation cannot come between (the rotator runs in this process).
  const cursors = logFiles(s.path).map((f) => LogCursor.open(f));
  const last = cursors.length - 1;
  try {
    const pos = await startPosition(cursors, o);
    for (let i = 0; i < last; i++) {
      if (i >= pos.file) await cursors[i]?.drain(onRecord, { signal });
      cursors[i]?.close();
    }
    const live = cursors[last];
    if (!o.follow) return void (await live?.drain(onRecord, { limit: o.toOffset, signal }));
    cursors.length = 0; // the follower owns the live file from here
    await followLog(s, new FollowedFiles(s.path, live), onRecord, o);
  } finally {
    for (const c of cursors) c?.close();
  }
}

/** Where reading starts; the cursor of that file is moved there. */
async function startPosition(cursors: Array<LogCursor | undefined>, o: ReadOptions): Promise<LogPosition> {
  const last = cursors.length - 1;
  const at = (p: LogPosition) => (cursors[p.file]?.seek(p.offset), p);
  if (o.fromOffset !== undefined) return at({ file: last, offset: o.fromOffset });
  if (o.tail === 0) return at({ file: last, offset: cursors[last]?.size() ?? 0 });
  if (o.tail !== undefined && o.tail > 0) return at(await tailStart(cursors.map((c) => c?.fd ?? -1), o.tail));
  return { file: 0, offset: 0 };
}

function wanted(e: LogEntry, o: ReadOptions): boolean {
  if (e.stream === 'stdout' ? !o.stdout : !o.stderr) return false;
  const t = entrySeconds(e);
  if (o.since !== undefined && t < o.since) return false;
  if (o.until !== undefined && t > o.until) return false;
  return true;
}
