/**
 * Newline-delimited JSON messages (pull, push, build, load, import). Status 200 goes out first, so
 * failures travel in-band as `{"errorDetail":{"message"},"error"}`.
 */
import type { ServerResponse } from 'node:http';
import type { JsonMessage } from '../../protocol/json-message.js';


export class JsonProgressWriter {
  constructor(readonly res: ServerResponse) {
    if (!res.headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    }
  }

  write(msg: JsonMessage): void {
    if (!this.res.writableEnded) this.res.write(JSON.stringify(msg) + '\r\n');
  }

  error(message: string): void {
    this.write({ errorDetail: { message }, error: message });
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}

/** Docker's progress bar text (jsonmessage.JSONProgress.String's bar; the sizes are the client's to add). */
export function progressBar(current: number, total: number): string {
  const width = 50;
  const done = total > 0 ? Math.min(width, Math.floor((current / total) * width)) : 0;
  return `[${'='.repeat(done)}${done < width ? '>' : ''}${' '.repeat(Math.max(0, width - done - 1))}]`;
}
