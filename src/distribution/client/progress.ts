/**
 * Progress of pulls and pushes as events; the API renders them as dockerd's JSON messages and the
 * CLI as bars. Layer ids are the 12-hex short form (blob digest on pull, diffID on push, as dockerd).
 */
import { Transform } from 'node:stream';

export interface ProgressDetail { current: number; total: number }

/** A pull's or a push's progress sink. */
export interface PullProgress {
  /** A line of its own (`Pulling from library/busybox`, with the tag as id). */
  status(text: string, id?: string): void;
  /** One layer's state. */
  layer(id: string, status: string, detail?: ProgressDetail): void;
  /** A machine-readable line (push's `{Tag, Digest, Size}`). */
  aux?(value: Record<string, unknown>): void;
}

export type PushProgress = PullProgress;

/** A sink that drops everything (internal pulls, tests). */
export const SILENT: PullProgress = { status: () => undefined, layer: () => undefined };

/** A pass-through counting the bytes it carries into `report`, at most every 100 ms. */
export function byteCounter(report: (bytes: number) => void): Transform {
  let n = 0;
  let last = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb) {
      n += chunk.length;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        report(n);
      }
      cb(null, chunk);
    },
  });
}
