/**
 * Writing a stream at the client's pace: after a write that the connection could not take at once,
 * the writer waits for `drained` before it writes more, so what the daemon holds for a slow client
 * stays at one socket buffer (and one chunk of whatever it reads), never the whole stream.
 */
import type { EventEmitter } from 'node:events';

/** What both the upgraded socket and the plain response are. */
export interface Drainable extends EventEmitter {
  readonly destroyed: boolean;
  write(chunk: Buffer): boolean;
}

/** Resolves when `w` has flushed what it holds, or at once when it is gone (nothing more will be sent). */
export function drained(w: Drainable): Promise<void> {
  if (w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const ev of ['drain', 'close', 'error']) w.off(ev, done);
      resolve();
    };
    for (const ev of ['drain', 'close', 'error']) w.on(ev, done);
  });
}

/** Writes `chunk`; a promise when the client is not keeping up (write more after it settles). */
export function writePaced(w: Drainable, chunk: Buffer): Promise<void> | undefined {
  return w.write(chunk) ? undefined : drained(w);
}
