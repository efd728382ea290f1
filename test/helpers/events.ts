/**
 * Following `GET /events` of a test daemon: the stream is read line by line as it arrives (each
 * line kept raw, for exact `timeNano`), and every wait is bounded by a deadline, so a test fails
 * rather than hangs when an event does not come.
 */
import http from 'node:http';
import { parseEventLine, type EventMessage } from '../../src/client/api/system.js';
import type { TestDaemon } from './daemon.js';

export interface SeenEvent { raw: string; m: EventMessage }

export class EventWatch {
  readonly seen: SeenEvent[] = [];
  ended = false;
  #req?: http.ClientRequest;
  #changed: Array<() => void> = [];

  /** Opens the stream; resolves with the status once the answer's head has come (the daemon is subscribed then). */
  static open(d: TestDaemon, query = ''): Promise<{ status: number; watch: EventWatch; body: () => string }> {
    const w = new EventWatch();
    return new Promise((resolve, reject) => {
      let text = '';
      w.#req = http.get({ socketPath: d.socket, path: `/v1.50/events${query ? `?${query}` : ''}` }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          buf += c;
          for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
            const raw = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (res.statusCode === 200 && raw) w.seen.push({ raw, m: parseEventLine(raw) });
          }
          w.#notify();
        });
        res.on('end', () => { w.ended = true; w.#notify(); });
        res.on('close', () => { w.ended = true; w.#notify(); });
        resolve({ status: res.statusCode ?? 0, watch: w, body: () => text });
      });
      w.#req.on('error', (e) => (w.ended ? undefined : reject(e)));
    });
  }

  #notify(): void {
    for (const fn of this.#changed.splice(0)) fn();
  }

  /** Resolves once `ok()` holds; throws after `ms` with what was seen. */
  async until(ok: () => boolean, ms = 20_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; seen: ${this.seen.map((e) => `${e.m.Type} ${e.m.Action}`).join(', ')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#changed.push(() => { clearTimeout(t); r(); });
      });
    }
  }

  /** Waits for an event matching `pred` and returns it. */
  async next(pred: (m: EventMessage) => boolean, ms = 20_000): Promise<SeenEvent> {
    let hit: SeenEvent | undefined;
    await this.until(() => (hit = this.seen.find((e) => pred(e.m))) !== undefined, ms, 'an event');
    return hit!;
  }

  /** Waits for the daemon to end the stream. */
  ends(ms = 20_000): Promise<void> {
    return this.until(() => this.ended, ms, 'the end of the stream');
  }

  actions(): string[] {
    return this.seen.map((e) => e.m.Action);
  }

  close(): void {
    this.ended = true;
    this.#req?.destroy();
  }
}

/** A Unix time in nanoseconds as the API's `seconds.nanoseconds`. */
export function apiTime(ns: bigint): string {
  return `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
}

/** The query string of a filters object. */
export function filtersQuery(f: Record<string, string[]>): string {
  return `filters=${encodeURIComponent(JSON.stringify(f))}`;
}
