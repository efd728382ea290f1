/**
 * Reads a log file forward in bounded chunks, record by record, from a byte offset: memory stays
 * at one chunk and one incomplete record whatever the log's size. A record that is not complete yet
 * (conmon is writing it) is held until its newline arrives. A consumer that returns a promise from
 * `onRecord` (its client is not keeping up) holds the next chunk until it settles.
 *
 * A cursor is opened synchronously (a few microseconds): readers open the files they will read in
 * the same turn as they list them, and followers open the files a rotation is about to move in the
 * rotation's own turn, so no file goes between being seen and being held. An open file stays
 * readable after it is renamed or deleted.
 */
import { closeSync, fstatSync, openSync, read } from 'node:fs';
import { promisify } from 'node:util';

const readAt = promisify(read);
const CHUNK = 64 * 1024;
/** conmon writes records of at most a few KiB; a longer run without a newline is not a record. */
const MAX_RECORD = 1024 * 1024;

/** Takes one record; a promise returned pauses reading until it settles. */
export type RecordSink = (line: Buffer) => void | Promise<void>;

export class LogCursor {
  #rest: Buffer = Buffer.alloc(0);
  #closed = false;

  private constructor(readonly fd: number, readonly ino: number, private offset: number) {}

  /** Opens `path` at `offset`; undefined when it does not exist. */
  static open(path: string, offset = 0): LogCursor | undefined {
    let fd: number;
    try { fd = openSync(path, 'r'); } catch { return undefined; }
    return new LogCursor(fd, fstatSync(fd).ino, offset);
  }

  /** Moves to byte `offset` (before any reading). */
  seek(offset: number): void {
    this.offset = offset;
  }

  /** The file's size now. */
  size(): number {
    return fstatSync(this.fd).size;
  }

  /**
   * Hands every complete record now in the file (up to byte `limit`) to `onRecord`, without its
   * newline; stops early when `signal` aborts.
   */
  async drain(onRecord: RecordSink, o: { limit?: number; signal?: AbortSignal } = {}): Promise<void> {
    const buf = Buffer.alloc(CHUNK);
    const limit = o.limit ?? Infinity;
    while (!o.signal?.aborted && !this.#closed) {
      const want = Math.min(CHUNK, limit - this.offset);
      if (want <= 0) return;
      const { bytesRead } = await readAt(this.fd, buf, 0, want, this.offset);
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

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try { closeSync(this.fd); } catch { /* already gone */ }
  }
}
