/**
 * Reads a log file forward in bounded chunks, record by record, from a byte offset: memory stays
 * at one chunk and one incomplete record whatever the log's size. A record that is not complete yet
 * (conmon is writing it) is held until its newline arrives. A consumer that returns a promise from
 * `onRecord` (its client is not keeping up) holds the next chunk until it settles.
 */
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK = 64 * 1024;
/** conmon writes records of at most a few KiB; a longer run without a newline is not a record. */
const MAX_RECORD = 1024 * 1024;

/** Takes one record; a promise returned pauses reading until it settles. */
export type RecordSink = (line: Buffer) => void | Promise<void>;

export class LogCursor {
  #rest: Buffer = Buffer.alloc(0);

  private constructor(readonly fh: FileHandle, readonly ino: number, private offset: number) {}

  /** Opens `path` at `offset`; undefined when it does not exist. */
  static async open(path: string, offset = 0): Promise<LogCursor | undefined> {
    const fh = await open(path, 'r').catch(() => undefined);
    if (!fh) return undefined;
    return new LogCursor(fh, (await fh.stat()).ino, offset);
  }

  /**
   * Hands every complete record now in the file (up to byte `limit`) to `onRecord`, without its
   * newline; stops early when `signal` aborts.
   */
  async drain(onRecord: RecordSink, o: { limit?: number; signal?: AbortSignal } = {}): Promise<void> {
    const buf = Buffer.alloc(CHUNK);
    const limit = o.limit ?? Infinity;
    while (!o.signal?.aborted) {
      const want = Math.min(CHUNK, limit - this.offset);
      if (want <= 0) return;
      const { bytesRead } = await this.fh.read(buf, 0, want, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      await this.#split(buf.subarray(0, bytesRead), onRecord);
    }
  }

  /** Hands the chunk's complete records on; resolves when the consumer is ready for more. */
  #split(chunk: Buffer, onRecord: RecordSink): Promise<void> | undefined {
    const data = this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk;
    let start = 0;
    let wait: Promise<void> | undefined;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
      wait = onRecord(data.subarray(start, nl)) ?? wait;
      start = nl + 1;
    }
    const rest = data.subarray(start);
    this.#rest = rest.length > MAX_RECORD ? Buffer.alloc(0) : Buffer.from(rest);
    return wait;
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
