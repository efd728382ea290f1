/**
 * Container logs from conmon's k8s-file log: lines of `<RFC3339Nano> <stdout|stderr> <F|P> <text>`,
 * where P marks a partial line (no newline follows). Supports Docker's logs options: stream
 * selection, since/until, tail, timestamps and follow (until the container stops).
 */
import { open } from 'node:fs/promises';
import { watch } from 'node:fs';
import type { ContainerService } from './containers.js';
import type { StdStream } from './attach.js';

export interface LogEntry { stream: StdStream; time: string; data: Buffer }

export interface LogsOptions {
  stdout: boolean;
  stderr: boolean;
  /** Unix seconds (fractional); entries before are skipped. */
  since?: number;
  until?: number;
  /** Last N lines; undefined for all. */
  tail?: number;
  timestamps: boolean;
  follow: boolean;
  signal?: AbortSignal;
}

/** Parses one k8s-file line. The time is normalised to Docker's `…Z` form. */
export function parseLogLine(line: string): LogEntry | undefined {
  const a = line.indexOf(' ');
  const b = line.indexOf(' ', a + 1);
  const c = line.indexOf(' ', b + 1);
  if (a < 0 || b < 0) return undefined;
  const stream = line.slice(a + 1, b);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const tag = c < 0 ? line.slice(b + 1) : line.slice(b + 1, c);
  const text = c < 0 ? '' : line.slice(c + 1);
  const time = line.slice(0, a).replace(/\+00:00$/, 'Z');
  return { stream, time, data: Buffer.from(tag === 'P' ? text : `${text}\n`) };
}

function timeOf(e: LogEntry): number {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(e.time);
  if (!m) return 0;
  return Date.parse(`${m[1]}Z`) / 1000 + Number(`0.${m[2] ?? '0'}`);
}

function wanted(e: LogEntry, o: LogsOptions): boolean {
  if (e.stream === 'stdout' ? !o.stdout : !o.stderr) return false;
  const t = timeOf(e);
  if (o.since !== undefined && t < o.since) return false;
  if (o.until !== undefined && o.until > 0 && t > o.until) return false;
  return true;
}

/** Reads the log of container `id` and hands each wanted entry to `emit`. */
export async function readLogs(containers: ContainerService, id: string, o: LogsOptions, emit: (e: LogEntry) => void): Promise<void> {
  const rec = containers.store.get(id);
  const fh = await open(rec.LogPath, 'r').catch(() => undefined);
  let offset = 0;
  let rest = '';
  const readNew = async (): Promise<LogEntry[]> => {
    if (!fh) return [];
    const { size } = await fh.stat();
    if (size <= offset) return [];
    const buf = Buffer.alloc(size - offset);
    const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
    offset += bytesRead;
    const lines = (rest + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    return lines.map(parseLogLine).filter((e): e is LogEntry => e !== undefined && wanted(e, o));
  };
  try {
    let first = await readNew();
    if (o.tail !== undefined && o.tail >= 0) first = o.tail === 0 ? [] : first.slice(-o.tail);
    first.forEach(emit);
    if (o.follow) await follow(containers, rec.Id, rec.LogPath, o.signal, async () => (await readNew()).forEach(emit));
  } finally {
    await fh?.close();
  }
}

/** Calls `drain` whenever the log grows, until the container stops (then once more) or the signal aborts. */
async function follow(containers: ContainerService, id: string, path: string, signal: AbortSignal | undefined, drain: () => Promise<void>): Promise<void> {
  const rec = containers.store.find(id);
  if (!rec || rec.State.Status !== 'running' || signal?.aborted) return;
  await new Promise<void>((resolve) => {
    let busy = Promise.resolve();
    const kick = () => { busy = busy.then(drain); };
    const watcher = (() => { try { return watch(path, kick); } catch { return undefined; } })();
    const poll = setInterval(kick, 250);
    const finish = () => {
      offExit(); offRemoved(); watcher?.close(); clearInterval(poll);
      signal?.removeEventListener('abort', finish);
      void busy.then(drain).then(() => resolve(), () => resolve());
    };
    const offExit = containers.on('exit', id, finish);
    const offRemoved = containers.on('removed', id, finish);
    signal?.addEventListener('abort', finish);
  });
}
