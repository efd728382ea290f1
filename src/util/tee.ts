/**
 * Splits one stream into two consumers with backpressure: the source pauses until both have taken
 * each chunk. Either consumer failing (or stopping early) destroys the source and the other one, so
 * a pull that fails to verify stops unpacking, and an unpack that fails stops the download.
 */
import { PassThrough, type Readable } from 'node:stream';

export function tee(src: Readable, highWaterMark = 1 << 20): [PassThrough, PassThrough] {
  const outs = [new PassThrough({ highWaterMark }), new PassThrough({ highWaterMark })] as const;
  let ended = false;
  src.on('data', (chunk: Buffer) => {
    let waiting = 0;
    for (const o of outs) {
      if (!o.write(chunk)) {
        waiting++;
        o.once('drain', () => {
          if (--waiting === 0) src.resume();
        });
      }
    }
    if (waiting > 0) src.pause();
  });
  src.once('end', () => {
    ended = true;
    for (const o of outs) o.end();
  });
  src.once('error', (e) => {
    for (const o of outs) o.destroy(e);
  });
  for (const o of outs) {
    // A consumer that attaches late (the content store's ingest starts after an await) or has already
    // settled does not listen: without this, a source error destroying its branch would be an uncaught
    // 'error' and kill the daemon. Consumers see the error anyway (the branch is destroyed with it).
    o.on('error', () => undefined);
    o.once('close', () => {
      if (ended && o.writableFinished) return;
      const err = o.errored ?? new Error('stream consumer closed early');
      if (!src.destroyed) src.destroy(err);
      for (const other of outs) if (other !== o && !other.destroyed) other.destroy(err);
    });
  }
  return [outs[0], outs[1]];
}
