/**
 * What docker 28 prints for a copy: unless quiet, "Successfully copied <size> to <dest>" on
 * stderr once the copy ends (also after a failed extraction), the size being the tar bytes sent or
 * received, in go-units' HumanSizeWithPrecision(n, 3). Its cp.go also has a live "Copying to
 * container - 1.2MB" line for a terminal stderr, but docker 28.2 never shows it (it asks whether
 * its wrapped stderr stream is a terminal, which a wrapper never is): measured under a pty with a
 * 30 MB copy, the reference prints the summary line alone, so this does too.
 */
import { Transform, type TransformCallback } from 'node:stream';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** go-units' HumanSizeWithPrecision(n, 3): decimal units, Go's %.3g. */
export function humanSize(n: number): string {
  let size = n;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${goG3(size)}${UNITS[i]}`;
}

/** Go's `%.3g`: 3 significant digits, trailing zeros dropped, exponent form from 1e3 up. */
function goG3(x: number): string {
  const p = x.toPrecision(3);
  if (!p.includes('e')) return p.includes('.') ? p.replace(/\.?0+$/, '') : p;
  const [m = '', e = ''] = p.split('e');
  const exp = Number(e);
  return `${m.includes('.') ? m.replace(/\.?0+$/, '') : m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Counts the bytes that pass through. */
export class ByteCounter extends Transform {
  total = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.total += chunk.length;
    cb(null, chunk);
  }
}

/** `input` piped through `counter`, an error of `input` failing the counter too (pipe alone would leave it open). */
export function counted(input: NodeJS.ReadableStream & { once(ev: 'error', fn: (e: Error) => void): unknown }, counter: ByteCounter): ByteCounter {
  input.once('error', (e: Error) => counter.destroy(e));
  input.pipe(counter);
  return counter;
}
