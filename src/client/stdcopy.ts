/**
 * The Engine API's 8-byte stream framing (moby api/pkg/stdcopy): each frame is a header
 * `[stream, 0, 0, 0, size uint32 big-endian]` and `size` payload bytes; stream 0 stdin, 1 stdout,
 * 2 stderr, 3 systemerr (an error message from the daemon that ends the stream).
 */
import type { Readable, Writable } from 'node:stream';
import { SystemStreamError } from './errors.js';

/** Stream numbers of the framing. */
export const StdStream = { stdin: 0, stdout: 1, stderr: 2, systemerr: 3 } as const;

const HEADER_SIZE = 8;

/** One decoded frame. */
export interface Frame {
  stream: number;
  payload: Buffer;
}

/** Encodes one frame (used by tests and by anything that writes the framing). */
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

/** Where demultiplexed output goes. */
export interface DemuxTargets {
  stdout?: Writable;
  stderr?: Writable;
}

/**
 * Copies a multiplexed stream to stdout/stderr until it ends, honouring back-pressure.
 * Throws SystemStreamError for a systemerr frame, as moby's StdCopy returns an error.
 */
export async function demuxStream(src: Readable, targets: DemuxTargets): Promise<void> {
  const dec = new FrameDecoder();
  for await (const chunk of src) {
    for (const f of dec.push(chunk as Buffer)) {
      if (f.stream === StdStream.systemerr) {
        throw new SystemStreamError(`Error from daemon in stream: ${f.payload.toString()}`);
      }
      const out = f.stream === StdStream.stderr ? targets.stderr : targets.stdout;
      if (out) await writeAll(out, f.payload);
    }
  }
}

/** Copies a raw (TTY) stream to `out` until it ends. */
export async function copyRaw(src: Readable, out: Writable): Promise<void> {
  for await (const chunk of src) await writeAll(out, chunk as Buffer);
}

/** Writes and waits for drain when the target buffers too much. */
export function writeAll(out: Writable, data: Buffer): Promise<void> | undefined {
  if (out.write(data)) return undefined;
  return new Promise((resolve) => out.once('drain', resolve));
}
