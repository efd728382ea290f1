/**
 * Encoding of tar headers: ustar, plus a PAX extended header when a field does not fit (long or
 * non-ASCII names, big ids or sizes) or the entry has xattrs (`SCHILY.xattr.*`, binary-safe).
 * Output depends only on the fields given (no atime/ctime, no host names), so the same tree gives
 * the same bytes. tar-stream's packer is not used for this: it cannot write binary PAX values.
 */
import { encodePax, xattrPaxKey } from './pax.js';

/** Entry types the writer emits (ustar typeflags 0–6). */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';

/** One entry's header fields. `mtime` is in whole seconds. */
export interface TarHeader {
  name: string;
  type: TarEntryType;
  size?: number;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  linkname?: string;
  uname?: string;
  gname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: ReadonlyMap<string, Buffer>;
  /** Extra PAX records (tests use them to craft headers). */
  pax?: ReadonlyArray<[string, string]>;
}

const TYPEFLAG: Record<TarEntryType | 'pax', string> = {
  file: '0', link: '1', symlink: '2', 'character-device': '3', 'block-device': '4', directory: '5', fifo: '6', pax: 'x',
};
const MAX_ID = 0o7777777;
const MAX_SIZE = 0o77777777777;
/** Tar block size: headers and data are padded to it. */
export const BLOCK = 512;

/** Zero bytes that pad `size` bytes of data to a whole block. */
export function padding(size: number): Buffer {
  const rem = size % BLOCK;
  return Buffer.alloc(rem === 0 ? 0 : BLOCK - rem);
}

/** The two zero blocks that end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

/** Encodes the header block(s) of one entry: an optional PAX header, then the ustar header. */
export function encodeHeader(h: TarHeader): Buffer {
  const name = h.type === 'directory' && !h.name.endsWith('/') ? `${h.name}/` : h.name;
  const records = paxRecords(h, name);
  const split = splitName(name);
  const main = ustar({ ...h, name: split?.name ?? asciiPrefix(name, 100), linkname: asciiPrefix(h.linkname ?? '', 100) },
    split?.prefix ?? '');
  if (records.length === 0) return main;
  const body = encodePax(records);
  const paxName = asciiPrefix(`PaxHeaders/${baseName(name)}`, 100);
  const paxHeader = ustar({ name: paxName, type: 'file', size: body.length, mtime: h.mtime }, '', 'pax');
  return Buffer.concat([paxHeader, body, padding(body.length), main]);
}

function paxRecords(h: TarHeader, name: string): Array<[string, Buffer | string]> {
  const out: Array<[string, Buffer | string]> = [];
  if (!splitName(name)) out.push(['path', name]);
  const link = h.linkname ?? '';
  if (!isAscii(link) || link.length > 100) out.push(['linkpath', link]);
  if ((h.uid ?? 0) > MAX_ID) out.push(['uid', String(h.uid)]);
  if ((h.gid ?? 0) > MAX_ID) out.push(['gid', String(h.gid)]);
  if ((h.size ?? 0) > MAX_SIZE) out.push(['size', String(h.size)]);
  for (const [k, v] of h.pax ?? []) out.push([k, v]);
  const xattrs = [...(h.xattrs ?? new Map<string, Buffer>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [k, v] of xattrs) out.push([xattrPaxKey(k), v]);
  return out;
}

/** Splits a name into ustar prefix (≤155) and name (≤100), or undefined when it cannot fit. */
function splitName(name: string): { prefix: string; name: string } | undefined {
  if (!isAscii(name)) return undefined;
  if (name.length <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    if (i <= 155 && name.length - i - 1 <= 100 && i > 0 && i < name.length - 1) {
      return { prefix: name.slice(0, i), name: name.slice(i + 1) };
    }
  }
  return undefined;
}

function ustar(h: TarHeader, prefix: string, flag: TarEntryType | 'pax' = h.type): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(h.name, 0, 100, 'utf8');
  octal(b, 100, 8, (h.mode ?? (h.type === 'directory' ? 0o755 : 0o644)) & 0o7777);
  octal(b, 108, 8, Math.min(h.uid ?? 0, MAX_ID));
  octal(b, 116, 8, Math.min(h.gid ?? 0, MAX_ID));
  octal(b, 124, 12, flag === 'file' || flag === 'pax' ? Math.min(h.size ?? 0, MAX_SIZE) : 0);
  octal(b, 136, 12, Math.max(0, Math.min(Math.floor(h.mtime ?? 0), MAX_SIZE)));
  b.write(TYPEFLAG[flag], 156, 1, 'latin1');
  b.write(h.linkname ?? '', 157, 100, 'utf8');
  b.write('ustar\u000000', 257, 8, 'latin1');
  b.write(asciiPrefix(h.uname ?? '', 32), 265, 32, 'latin1');
  b.write(asciiPrefix(h.gname ?? '', 32), 297, 32, 'latin1');
  octal(b, 329, 8, h.devmajor ?? 0);
  octal(b, 337, 8, h.devminor ?? 0);
  b.write(prefix, 345, 155, 'utf8');
  b.write('        ', 148, 8, 'latin1');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return b;
}

function octal(b: Buffer, offset: number, width: number, value: number): void {
  b.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'latin1');
}

function isAscii(s: string): boolean {
  return /^[\x01-\x7f]*$/.test(s);
}

/** The longest ASCII-only prefix of `s` of at most `max` bytes (the ustar fallback of a PAX field). */
function asciiPrefix(s: string, max: number): string {
  return s.replace(/[^\x01-\x7f]/g, '_').slice(0, max);
}

function baseName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
