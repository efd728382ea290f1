/**
 * A raw client connection to the daemon's socket, for the answers an HTTP client library hides:
 * hijacked streams (`101 UPGRADED`), errors written on a taken-over connection, who closes first.
 * Every wait is bounded; `destroy` is safe to call twice (tests call it in `afterEach`).
 */
import net from 'node:net';

export class RawConn {
  readonly #sock: net.Socket;
  #data = Buffer.alloc(0);
  #closed = false;
  #changed: Array<() => void> = [];

  /** Connects to `socketPath` and writes `request` (one write, as the oracle's scripts did). */
  constructor(socketPath: string, request: string | Buffer) {
    this.#sock = net.createConnection(socketPath);
    this.#sock.on('data', (d: Buffer) => { this.#data = Buffer.concat([this.#data, d]); this.#notify(); });
    this.#sock.on('end', () => { this.#closed = true; this.#notify(); });
    this.#sock.on('close', () => { this.#closed = true; this.#notify(); });
    this.#sock.on('error', () => undefined);
    this.#sock.write(request);
  }

  /** Everything received so far. */
  get data(): Buffer {
    return this.#data;
  }

  /** The server has closed (or the socket is gone). */
  get closed(): boolean {
    return this.#closed;
  }

  /** The bytes after the response head (empty while the head is incomplete). */
  get body(): Buffer {
    const at = this.#data.indexOf('\r\n\r\n');
    return at < 0 ? Buffer.alloc(0) : this.#data.subarray(at + 4);
  }

  /** The response head up to and including its blank line ('' while incomplete). */
  get head(): string {
    const at = this.#data.indexOf('\r\n\r\n');
    return at < 0 ? '' : this.#data.subarray(0, at + 4).toString('latin1');
  }

  write(data: string | Buffer): void {
    this.#sock.write(data);
  }

  /** Resolves once `pred` holds; rejects after `ms` with what was received. */
  until(pred: (c: RawConn) => boolean, ms: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pred(this)) return false;
        clearTimeout(timer);
        this.#changed = this.#changed.filter((f) => f !== onChange);
        resolve();
        return true;
      };
      const onChange = () => void check();
      const timer = setTimeout(() => {
        this.#changed = this.#changed.filter((f) => f !== onChange);
        reject(new Error(`${what}: not within ${ms} ms; received ${JSON.stringify(this.#data.toString('latin1'))}, closed=${this.#closed}`));
      }, ms);
      if (!check()) this.#changed.push(onChange);
    });
  }

  /** Waits `ms` and tells whether the server closed meanwhile (it returns early when it does). */
  async closesWithin(ms: number): Promise<boolean> {
    return this.until((c) => c.closed, ms, 'close').then(() => true, () => false);
  }

  destroy(): void {
    this.#sock.destroy();
  }

  #notify(): void {
    for (const f of [...this.#changed]) f();
  }
}

/** A request head (and optional body) as raw bytes; `upgrade` adds `Connection: Upgrade` / `Upgrade: tcp`. */
export function rawRequest(method: string, path: string, o: { upgrade?: boolean; body?: string; contentType?: string } = {}): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: docker'];
  if (o.upgrade) lines.push('Connection: Upgrade', 'Upgrade: tcp');
  if (o.body !== undefined) lines.push(`Content-Type: ${o.contentType ?? 'application/json'}`, `Content-Length: ${Buffer.byteLength(o.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${o.body ?? ''}`;
}

/** Splits an 8-byte-framed stream into `[stream, payload]` pairs; a partial frame at the end is left out. */
export function parseFrames(buf: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let off = 0; off + 8 <= buf.length;) {
    const size = buf.readUInt32BE(off + 4);
    if (off + 8 + size > buf.length) break;
    out.push([buf[off]!, buf.subarray(off + 8, off + 8 + size).toString('latin1')]);
    off += 8 + size;
  }
  return out;
}

/** One frame's bytes, as Docker's stdcopy writes it. */
export function frame(stream: 1 | 2, payload: string): Buffer {
  const p = Buffer.from(payload, 'latin1');
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(p.length, 4);
  return Buffer.concat([h, p]);
}
