/**
 * The attached session of `run` (docker's hijackedIOStreamer): output from the hijacked connection
 * to stdout/stderr (raw with a TTY, demultiplexed without), stdin to the connection with half-close
 * at EOF, raw terminal mode and detach keys (default ctrl-p,ctrl-q) when both `-i` and `-t`.
 */
import type { Duplex } from 'node:stream';
import { copyRaw, demuxStream } from '../../../client/stdcopy.js';

/** How the session runs. */
export interface StreamOptions {
  socket: Duplex;
  tty: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  detachKeys?: string;
}

/** Outcome: the output ended, or the user typed the detach sequence. */
export type StreamEnd = 'ended' | 'detached';

const DEFAULT_KEYS = 'ctrl-p,ctrl-q';

/** docker's term.ToBytes: `ctrl-p,ctrl-q` → [0x10, 0x11]; `a` → 0x61. */
export function detachKeyBytes(spec: string): number[] {
  return spec.split(',').map((k) => {
    const key = k.trim();
    if (key.length === 1) return key.charCodeAt(0);
    const m = /^ctrl-([a-z@[\\\]^_])$/i.exec(key);
    if (!m || !m[1]) throw new Error(`Unknown character: '${key}'`);
    const c = m[1].toLowerCase();
    if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 96;
    return { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 }[c] ?? 0;
  });
}

/**
 * Watches input for the escape sequence (docker's term.EscapeProxy): bytes that may start the
 * sequence are held back, and released if the sequence breaks.
 */
export class EscapeDetector {
  #held: number[] = [];
  constructor(readonly keys: readonly number[]) {}

  /** Returns the bytes to forward and whether the full sequence was seen. */
  feed(chunk: Buffer): { data: Buffer; escaped: boolean } {
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.#held.length]) {
        this.#held.push(b);
        if (this.#held.length === this.keys.length) return { data: Buffer.from(out), escaped: true };
        continue;
      }
      out.push(...this.#held);
      this.#held = [];
      if (b === this.keys[0]) this.#held.push(b);
      else out.push(b);
    }
    return { data: Buffer.from(out), escaped: false };
  }
}

function pumpInput(o: StreamOptions, onDetach: () => void): () => void {
  const stdin = o.stdin;
  if (!stdin) return () => undefined;
  const raw = o.tty && stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  let keys: number[] = [];
  try {
    keys = detachKeyBytes(o.detachKeys || DEFAULT_KEYS);
  } catch {
    keys = detachKeyBytes(DEFAULT_KEYS);
  }
  const esc = o.tty ? new EscapeDetector(keys) : undefined;
  const onData = (chunk: Buffer): void => {
    const { data, escaped } = esc ? esc.feed(chunk) : { data: chunk, escaped: false };
    if (data.length > 0) o.socket.write(data);
    if (escaped) onDetach();
  };
  const onEnd = (): void => {
    o.socket.end();
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  };
}

/** Runs the session until the output ends or the user detaches. */
export async function streamSession(o: StreamOptions): Promise<StreamEnd> {
  let detach: (() => void) | undefined;
  const detached = new Promise<StreamEnd>((resolve) => {
    detach = () => resolve('detached');
  });
  const stop = pumpInput(o, () => detach?.());
  const output = (o.tty
    ? (o.stdout ? copyRaw(o.socket, o.stdout as never) : drain(o.socket))
    : demuxStream(o.socket, { ...(o.stdout ? { stdout: o.stdout as never } : {}), ...(o.stderr ? { stderr: o.stderr as never } : {}) })
  ).then((): StreamEnd => 'ended');
  try {
    return await Promise.race([output, detached]);
  } finally {
    stop();
    o.socket.destroy();
  }
}

async function drain(src: Duplex): Promise<void> {
  for await (const _ of src) {
    /* discard */
  }
}
