/**
 * Demultiplexing the Engine API's 8-byte framed streams (protocol/framing.ts) into stdout and
 * stderr, and copying raw (TTY) streams, with back-pressure.
 */
import type { Readable, Writable } from 'node:stream';
import { SystemStreamError } from './errors.js';
import { FrameDecoder, StdStream } from '../protocol/framing.js';

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
