/**
 * A blob's bytes as one stream across connections, as dockerd's transfer does: when a body is cut
 * short (a reset, a 5xx on the way, a connection closed early), the download goes on with a Range
 * GET from the byte it stopped at, so what was verified and unpacked so far is kept. A registry
 * that ignores Range (200) is read from the start with the bytes already sent skipped. Consumers
 * see one stream; destroying it stops the current body (no connection is left waiting).
 */
import { Readable } from 'node:stream';
import { RegistryStatusError, RegistryTransportError } from './errors.js';

export interface BlobBody { body: Readable; /** The reply is the range asked for (206). */ partial: boolean }

export interface ResumableOptions {
  /** Opens the blob from `offset` (0: the whole blob). */
  open: (offset: number) => Promise<BlobBody>;
  /** The size the descriptor promises: a body that ends before it was cut short. */
  size: number;
  /** Tries in all (default 3), the first retry after `delayMs` (default 1 s), doubling. */
  attempts?: number;
  delayMs?: number;
  /** Told before each retry (for a `Retrying in N seconds` line). */
  onRetry?: (delayMs: number) => void;
  signal?: AbortSignal;
}

/** Failures another connection may mend: the network and the server, not the content. */
export function transient(e: unknown): boolean {
  if (e instanceof RegistryTransportError) return true;
  if (e instanceof RegistryStatusError) return e.status >= 500;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_BODY_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_ABORTED'].includes(code);
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => {
    clearTimeout(t);
    reject(signal.reason);
  }, { once: true });
});

/** Go's io.ErrUnexpectedEOF, as dockerd words a body that ends too soon. */
const unexpectedEof = (cause?: unknown) => new RegistryTransportError('unexpected EOF', { cause });

export function resumableBlob(o: ResumableOptions): Readable {
  const attempts = o.attempts ?? 3;
  async function* bytes(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (let failures = 0; ;) {
      try {
        const { body, partial } = await o.open(offset);
        let skip = offset > 0 && !partial ? offset : 0;
        try {
          for await (const chunk of body) {
            let c = chunk as Buffer;
            if (skip > 0) {
              if (c.length <= skip) {
                skip -= c.length;
                continue;
              }
              c = c.subarray(skip);
              skip = 0;
            }
            offset += c.length;
            yield c;
          }
        } catch (e) {
          // undici's words for a connection closed before Content-Length was reached.
          throw (e as NodeJS.ErrnoException).code === 'UND_ERR_SOCKET' ? unexpectedEof(e) : e;
        } finally {
          body.destroy();
        }
        if (offset < o.size) throw unexpectedEof();
        return;
      } catch (e) {
        if (o.signal?.aborted || !transient(e) || ++failures >= attempts) throw e;
        const delay = (o.delayMs ?? 1000) * 2 ** (failures - 1);
        o.onRetry?.(delay);
        await sleep(delay, o.signal);
      }
    }
  }
  return Readable.from(bytes(), { objectMode: false, highWaterMark: 1 << 20 });
}
