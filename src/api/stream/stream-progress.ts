/**
 * A JSON message stream (pull, push, build) that opens on its first message: until then a failure
 * is a plain error reply with its status (dockerd's write-flusher does the same); after, it
 * travels in-band as `errorDetail`.
 */
import type { Ctx } from '../context.js';
import { toStatus } from '../errors.js';
import { JsonProgressWriter } from './json-progress.js';
import { progressText } from '../../util/go-units.js';
import type { TransferProgress } from '../../engine/engine.js';

/** A progress sink writing JSON messages, opening the stream on the first one. */
export class StreamProgress implements TransferProgress {
  #out?: JsonProgressWriter;
  constructor(private readonly ctx: Ctx, private readonly auxDetail = true) {}

  get started(): boolean {
    return this.#out !== undefined;
  }

  #w(): JsonProgressWriter {
    this.#out ??= new JsonProgressWriter(this.ctx.response);
    return this.#out;
  }

  status(text: string, id?: string): void {
    this.#w().write({ status: text, ...(id ? { id } : {}) });
  }

  layer(id: string, status: string, detail?: { current: number; total: number }): void {
    this.#w().write({
      status, progressDetail: detail ?? {},
      ...(detail ? { progress: progressText(detail.current, detail.total) } : {}), id,
    });
  }

  aux(value: Record<string, unknown>): void {
    this.#w().write(this.auxDetail ? { progressDetail: {}, aux: value } : { aux: value });
  }

  /** Text for the client's terminal (the build's `stream`). */
  stream(text: string): void {
    this.#w().write({ stream: text });
  }

  /**
   * Ends the stream; an error before anything was sent is thrown for a plain reply. `code` goes
   * into errorDetail (a failed RUN's exit code, which the docker CLI exits with).
   */
  finish(err?: unknown, code?: number): void {
    if (err !== undefined) {
      if (!this.#out) throw err;
      const { message } = toStatus(err);
      this.#out.write({ errorDetail: { ...(code !== undefined ? { code } : {}), message }, error: message });
    }
    this.#out?.end();
  }
}

