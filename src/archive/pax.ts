/**
 * Binary-safe PAX records. tar-stream decodes PAX values as UTF-8 text, which corrupts binary
 * xattrs such as `security.capability`; `capturePax` keeps the raw record bytes of each entry's
 * PAX header so `SCHILY.xattr.*` values reach the disk byte for byte. `encodePax` is the writer's
 * counterpart. It hooks one method of the one extractor instance it is given (tar-stream 3.x);
 * the xattr tests fail if that internal ever changes.
 */
import type { Extract, Header as Headers } from 'tar-stream';

const XATTR_PREFIX = 'SCHILY.xattr.';

interface ExtractInternals {
  _header: { type?: string } | null;
  _decodeLongHeader(buf: Buffer): void;
}

/**
 * Records the raw bytes of every per-entry PAX header `ex` decodes. Call the returned function once
 * per entry: it yields that entry's raw PAX bytes (or undefined) and resets.
 */
export function capturePax(ex: Extract): (header: Pick<Headers, 'pax'>) => Buffer | undefined {
  const internals = ex as unknown as ExtractInternals;
  const original = internals._decodeLongHeader.bind(ex);
  let raw: Buffer | undefined;
  internals._decodeLongHeader = (buf: Buffer): void => {
    if (internals._header?.type === 'pax-header') raw = Buffer.from(buf);
    original(buf);
  };
  return (header) => {
    const out = header.pax ? raw : undefined;
    raw = undefined;
    return out;
  };
}

/** Parses PAX records (`"<len> <key>=<value>\n"`) keeping values as bytes. */
export function parsePaxRecords(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number.parseInt(buf.toString('latin1', pos, space), 10);
    if (!Number.isSafeInteger(len) || len <= space - pos || pos + len > buf.length) break;
    const record = buf.subarray(space + 1, pos + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq > 0) out.set(record.toString('utf8', 0, eq), Buffer.from(record.subarray(eq + 1)));
    pos += len;
  }
  return out;
}

/** The `SCHILY.xattr.<name>` records of a PAX header, as name → raw value. */
export function xattrsFromPax(raw: Buffer | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!raw) return out;
  for (const [key, value] of parsePaxRecords(raw)) {
    if (key.startsWith(XATTR_PREFIX)) out.set(key.slice(XATTR_PREFIX.length), value);
  }
  return out;
}

/** Encodes PAX records; each record's length prefix counts its own digits, as the format requires. */
export function encodePax(records: Iterable<[string, Buffer | string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of records) {
    const body = Buffer.concat([Buffer.from(` ${key}=`), Buffer.from(value), Buffer.from('\n')]);
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    parts.push(Buffer.from(String(len)), body);
  }
  return Buffer.concat(parts);
}

/** PAX key of an xattr. */
export function xattrPaxKey(name: string): string {
  return XATTR_PREFIX + name;
}
