/**
 * Detach key sequences (default ctrl-p,ctrl-q) read from an attached client's stdin. Bytes that
 * might start the sequence are held back until it is clear whether they complete it.
 */
import { invalidArgument } from '../engine/errors.js';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** "ctrl-p,ctrl-q" → [16, 17]; also single characters ("a") and ctrl-@ … ctrl-_ . */
export function parseDetachKeys(spec: string): number[] {
  return spec.split(',').map((k) => {
    const key = k.trim().toLowerCase();
    if (key.length === 1) return key.charCodeAt(0);
    const m = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
    if (!m) throw invalidArgument(`Invalid detach keys (${spec}) provided`);
    const ch = m[1]!;
    return ch >= 'a' && ch <= 'z' ? ch.charCodeAt(0) - 96 : '@[\\]^_'.indexOf(ch);
  });
}

export class DetachKeyFilter {
  #matched = 0;

  constructor(readonly keys: number[]) {}

  /** Returns the bytes to pass on and whether the detach sequence was completed. */
  push(data: Buffer): { pass: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { pass: data, detach: false };
    const out: number[] = [];
    for (const byte of data) {
      if (byte === this.keys[this.#matched]) {
        this.#matched++;
        if (this.#matched === this.keys.length) return { pass: Buffer.from(out), detach: true };
        continue;
      }
      if (this.#matched > 0) out.push(...this.keys.slice(0, this.#matched));
      this.#matched = byte === this.keys[0] ? 1 : 0;
      if (this.#matched === 0) out.push(byte);
    }
    return { pass: Buffer.from(out), detach: false };
  }
}
