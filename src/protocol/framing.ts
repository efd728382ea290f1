/**
 * The Engine API's 8-byte stream framing for non-TTY attach, logs and exec (moby api/pkg/stdcopy):
 * each frame is a header `[stream, 0, 0, 0, size uint32 big-endian]` and `size` payload bytes;
 * stream 0 stdin, 1 stdout, 2 stderr, 3 systemerr (an error message from the daemon that ends the stream).
 */

/** Stream numbers of the framing. */
export const StdStream = { stdin: 0, stdout: 1, stderr: 2, systemerr: 3 } as const;

const HEADER_SIZE = 8;

/** One decoded frame. */
export interface Frame {
  stream: number;
  payload: Buffer;
}

/** Encodes one frame. */
export function encodeFrame(stream: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(HEADER_SIZE);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/**
 * Incremental decoder: feed chunks as they arrive, get whole frames back. Not safe for concurrent
 * use; one decoder per stream.
 */
export class FrameDecoder {
  #buf: Buffer = Buffer.alloc(0);

  /** Adds a chunk and returns the frames it completes. */
  push(chunk: Buffer): Frame[] {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: Frame[] = [];
    while (this.#buf.length >= HEADER_SIZE) {
      const size = this.#buf.readUInt32BE(4);
      if (this.#buf.length < HEADER_SIZE + size) break;
      frames.push({ stream: this.#buf[0] ?? 0, payload: this.#buf.subarray(HEADER_SIZE, HEADER_SIZE + size) });
      this.#buf = this.#buf.subarray(HEADER_SIZE + size);
    }
    return frames;
  }

  /** Bytes of an incomplete frame still held (non-zero at end of stream means truncation). */
  get pending(): number {
    return this.#buf.length;
  }
}
