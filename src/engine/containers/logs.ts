/**
 * Container logs from conmon's k8s-file log: lines of `<RFC3339Nano> <stdout|stderr> <F|P> <text>`,
 * where P marks a partial line (no newline follows). Supports Docker's logs options: stream
 * selection, since/until, tail, timestamps and follow (until the container stops).
 */
import { open } from 'node:fs/promises';
import { watch } from 'node:fs';
import type { ContainerService } from './service.js';
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
  /** Byte offset in the log to start at (attach: what is written from now on). */
  fromOffset?: number;
  /** Follow until the container's next exit even if it is not running yet (attach before start). */
  untilNextExit?: boolean;
  timestamps: boolean;
  follow: boolean;
  signal?: AbortSignal;
}

/** Parses one k8s-file line (bytes, without its newline). The time is normalised to Docker's `…Z` form. */
export function parseLogLine(line: Buffer): LogEntry | undefined {
  const a = line.indexOf(0x20);
  const b = line.indexOf(0x20, a + 1);
  const c = line.indexOf(0x20, b + 1);
  if (a < 0 || b < 0) return undefined;
  const stream = line.subarray(a + 1, b).toString('latin1');
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const partial = line[b + 1] === 0x50; // 'P': no newline follows this chunk
  const text = c < 0 ? Buffer.alloc(0) : line.subarray(c + 1);
  const time = line.subarray(0, a).toString('latin1').replace(/\+00:00$/, 'Z');
  return { stream, time, data: partial ? Buffer.from(text) : Buffer.concat([text, NEWLINE]) };
}

const NEWLINE = Buffer.from('\n');

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
  let offset = o.fromOffset ?? 0;
  let rest = Buffer.alloc(0);
  const readNew = async (): Promise<LogEntry[]> => {
    if (!fh) return [];
    const { size } = await fh.stat();
    if (size <= offset) return [];
    const buf = Buffer.alloc(size - offset);
    const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
    offset += bytesRead;
    const data = Buffer.concat([rest, buf.subarray(0, bytesRead)]);
    const entries: LogEntry[] = [];
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
      const e = parseLogLine(data.subarray(start, nl));
      if (e && wanted(e, o)) entries.push(e);
      start = nl + 1;
    }
    rest = Buffer.from(data.subarray(start));
    return entries;
  };
  try {
    let first = await readNew();
    if (o.tail !== undefined && o.tail >= 0) first = o.tail === 0 ? [] : first.slice(-o.tail);
    first.forEach(emit);
    if (o.follow && !o.signal?.aborted) {
      const stopped = () => !o.untilNextExit && containers.store.find(id)?.State.Status !== 'running';
      await follow(containers, rec.Id, rec.LogPath, { signal: o.signal, stopped }, async () => (await readNew()).forEach(emit));
    }
  } finally {
    await fh?.close();
  }
}

/**
 * Calls `drain` whenever the log grows, until the container's next exit, removal or failed start
 * (then once more: conmon writes the log before the exit file) or the signal aborts.
 */
async function follow(
  containers: ContainerService, id: string, path: string,
  o: { signal?: AbortSignal; stopped: () => boolean }, drain: () => Promise<void>,
): Promise<void> {
  const signal = o.signal;
  await new Promise<void>((resolve) => {
    let busy = Promise.resolve();
    const kick = () => { busy = busy.then(drain); };
    const watcher = (() => { try { return watch(path, kick); } catch { return undefined; } })();
    const poll = setInterval(kick, 250);
    const offs = (['exit', 'removed', 'startfailed'] as const).map((ev) => containers.on(ev, id, () => finish()));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      offs.forEach((off) => off());
      watcher?.close();
      clearInterval(poll);
      signal?.removeEventListener('abort', finish);
      void busy.then(drain).then(() => resolve(), () => resolve());
    };
    signal?.addEventListener('abort', finish);
    if (o.stopped()) finish(); // checked after subscribing, so an exit cannot slip between
  });
}
