/** Progress of a stream, for bars: a pass-through that reports the bytes it has carried. */
import { Transform } from 'node:stream';

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
