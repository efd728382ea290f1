/**
 * Detach key sequences (default ctrl-p,ctrl-q), parsed as moby/term's ToBytes does, for both the
 * CLI (`--detach-keys`) and the daemon (`detachKeys=` of attach and exec): comma-separated keys,
 * each either one byte or a lower-case `ctrl-` name from ctrl-@ (0) through ctrl-_ (31) (`CTRL-P` and
 * `Ctrl-p` are refused, as Docker refuses them).
 */

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** moby/term's table: index = key code. */
const CTRL_NAMES = ['ctrl-@', ...Array.from({ length: 26 }, (_, i) => `ctrl-${String.fromCharCode(97 + i)}`),
  'ctrl-[', 'ctrl-\\', 'ctrl-]', 'ctrl-^', 'ctrl-_'];

/** A key of the spec is neither one byte nor a known ctrl- name. */
export class InvalidDetachKeysError extends Error {
  readonly code = 'INVALID_DETACH_KEYS';
  constructor(readonly key: string) {
    super(`Unknown character: '${key}'`);
  }
}

/** "ctrl-p,ctrl-q" → [16, 17]; "a" → [97]. Throws InvalidDetachKeysError. */
export function parseDetachKeys(spec: string): number[] {
  return spec.split(',').map((key) => {
    const bytes = Buffer.from(key);
    if (bytes.length === 1) return bytes[0]!;
    const code = CTRL_NAMES.indexOf(key);
    if (code < 0) throw new InvalidDetachKeysError(key);
    return code;
  });
}

/**
 * Watches input for the sequence (moby/term's EscapeProxy): bytes that may start it are held back
 * and released when the sequence breaks. One filter per input stream.
 */
export class DetachKeyFilter {
  #held: number[] = [];

  constructor(readonly keys: readonly number[]) {}

  /** Returns the bytes to pass on and whether the whole sequence was seen. */
  push(chunk: Buffer): { pass: Buffer; detach: boolean } {
    if (this.keys.length === 0) return { pass: chunk, detach: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.#held.length]) {
        this.#held.push(b);
        if (this.#held.length === this.keys.length) return { pass: Buffer.from(out), detach: true };
        continue;
      }
      out.push(...this.#held);
      this.#held = [];
      if (b === this.keys[0]) this.#held.push(b);
      else out.push(b);
    }
    return { pass: Buffer.from(out), detach: false };
  }
}
