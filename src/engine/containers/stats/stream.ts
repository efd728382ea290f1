/**
 * Docker's statistics streams (moby daemon/stats.go with its 1 s collector): each sample carries
 * the previous one's CPU figures and read time as `precpu_stats`/`preread`. A container that is not
 * running reads as an empty sample (name and ID only); a stream goes on through a stop, with empty
 * samples, and ends when the client leaves or the container is removed. Without `stream` the answer
 * is one sample: the second of two a second apart (so precpu is filled), or with `oneShot` the
 * first; a container that is not running answers one empty sample at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ZERO_TIME, hasProcess, type ContainerRecord } from '../record.js';
import { emptySample, zeroCpu } from './sample.js';
import type { StatsSampler } from './sampler.js';
import type { CpuStats, StatsOptions, StatsSample, StatsStream } from './types.js';

/** Docker's collector interval. */
export const STATS_INTERVAL_MS = 1000;

/** What a stream needs beyond the sampler: the live record and a way to hear of its removal. */
export interface StatsSubject {
  rec: ContainerRecord;
  sampler: Pick<StatsSampler, 'sample'>;
  /** Calls `fn` when the container is removed; returns the unsubscribe function. */
  onRemoved(fn: () => void): () => void;
  intervalMs?: number;
}

/** Resolves after `ms`, or early (false) when `signal` aborts. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export function statsStream(subject: StatsSubject, o: StatsOptions): StatsStream {
  const { rec } = subject;
  const interval = subject.intervalMs ?? STATS_INTERVAL_MS;
  let prev: { read: string; cpu: CpuStats } = { read: ZERO_TIME, cpu: zeroCpu() };
  const next = async (): Promise<StatsSample> => {
    const running = hasProcess(rec.State);
    const s = (running ? await subject.sampler.sample({ Name: rec.Name, Id: rec.Id, pid: rec.State.Pid }) : undefined) ?? emptySample(rec);
    s.preread = prev.read;
    s.precpu_stats = prev.cpu;
    prev = { read: s.read, cpu: s.cpu_stats };
    return s;
  };
  return {
    async read(emit, signal) {
      const stop = new AbortController();
      const unlink = subject.onRemoved(() => stop.abort());
      const onAbort = () => stop.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) stop.abort();
      try {
        if (!o.stream) {
          if (!hasProcess(rec.State)) return void (await emit(emptySample(rec)));
          const first = await next();
          if (o.oneShot) return void (await emit(first));
          if (await pause(interval, stop.signal)) await emit(await next());
          return;
        }
        while (!stop.signal.aborted) {
          const started = Date.now();
          await emit(await next());
          await pause(Math.max(0, interval - (Date.now() - started)), stop.signal);
        }
      } finally {
        unlink();
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
