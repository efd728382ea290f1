/**
 * One container's statistics as `docker stats` follows them (docker's collect): a stats request
 * (streamed, or one sample with `--no-stream`), each sample turned into the row's figures. A row
 * with no sample for 2 s is zeroed and marked invalid ("timeout waiting for stats"); an error or the
 * end of the stream marks it invalid. `first` settles on the first sample, error or timeout.
 */
import type { IncomingMessage } from 'node:http';
import { containerStats, type StatsResponse } from '../../../client/api/stats.js';
import { readJsonLines } from '../../../client/json-stream.js';
import type { Transport } from '../../../client/transport.js';
import { emptyEntry, entryFromSample, type StatsEntry } from '../../format/stats-context.js';

/** How long a row may go without a sample before it is zeroed. */
const SAMPLE_TIMEOUT_MS = 2000;

export class StatsCollector {
  #entry: StatsEntry;
  #error: unknown;
  #timer: NodeJS.Timeout | undefined;
  /** Cancels the request until its answer arrives; then the answer is destroyed instead. */
  readonly #abort = new AbortController();
  #res: IncomingMessage | undefined;
  #stopped = false;
  readonly first: Promise<void>;
  #releaseFirst!: () => void;

  constructor(readonly container: string) {
    this.#entry = emptyEntry(container);
    this.first = new Promise((r) => (this.#releaseFirst = r));
  }

  /** The row as it stands. */
  get entry(): StatsEntry {
    return this.#entry;
  }

  /** The last error (a failed request, a timeout, the stream's end); undefined after a good sample. */
  get error(): unknown {
    return this.#error;
  }

  /** Starts following; runs until the stream ends, one sample arrives (`stream` false) or `stop`. */
  start(t: Transport, stream: boolean): void {
    void this.#run(t, stream);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#stopped = true;
    if (this.#res) this.#res.destroy();
    else this.#abort.abort();
    this.#releaseFirst();
  }

  async #run(t: Transport, stream: boolean): Promise<void> {
    this.#arm();
    try {
      const res = await containerStats(t, this.container, { stream, signal: this.#abort.signal });
      this.#res = res;
      if (this.#stopped) return void res.destroy();
      for await (const v of readJsonLines<StatsResponse>(res, 'stats stream')) {
        this.#entry = entryFromSample(this.container, v);
        this.#error = undefined;
        this.#releaseFirst();
        if (!stream) return;
        this.#arm();
      }
      this.#fail(new Error('EOF'));
    } catch (e) {
      if (!this.#stopped) this.#fail(e);
    } finally {
      clearTimeout(this.#timer);
      this.#releaseFirst();
    }
  }

  #fail(e: unknown): void {
    this.#error = e;
    this.#entry = { ...this.#entry, IsInvalid: true };
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#error = new Error('timeout waiting for stats');
      this.#entry = { ...emptyEntry(this.container), Name: this.#entry.Name, ID: this.#entry.ID, IsInvalid: true };
      this.#releaseFirst();
      this.#arm();
    }, SAMPLE_TIMEOUT_MS);
  }
}
