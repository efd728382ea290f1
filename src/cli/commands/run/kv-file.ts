/**
 * docker's `--env-file` and `--label-file` format (cli/opts parseKeyValueFile): one `KEY=value`
 * per line, leading whitespace trimmed, `#` comments and blank lines skipped, a UTF-8 BOM dropped,
 * CRLF accepted; a bare `KEY` takes the client's value when `lookup` finds one (env files) and is
 * dropped otherwise. Errors carry docker's words ("invalid env file (f): …" for both kinds).
 */
import { readFileSync } from 'node:fs';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Looks a variable up in the client's environment. */
export type Lookup = (name: string) => string | undefined;

function parseLine(raw: string, lookup: Lookup | undefined): string | undefined {
  const line = raw.replace(/^\s+/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  const eq = line.indexOf('=');
  const key = eq < 0 ? line : line.slice(0, eq);
  if (key === '') throw new Error(`no variable name on line '${line}'`);
  if (/[ \t]/.test(key)) throw new Error(`variable '${key}' contains whitespaces`);
  if (eq >= 0) return line;
  const value = lookup?.(line);
  return value === undefined ? undefined : `${line}=${value}`;
}

/** The `KEY=value` entries of one file; throws docker's error for a bad file. */
export function parseKeyValueFile(path: string, lookup?: Lookup): string[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(err.code === 'EISDIR' ? `invalid env file (${path}): read ${path}: is a directory` : `open ${path}: ${describe(err)}`);
  }
  const out: string[] = [];
  const lines = splitLines(bytes);
  lines.forEach((lineBytes, i) => {
    const b = i === 0 && lineBytes[0] === 0xef && lineBytes[1] === 0xbb && lineBytes[2] === 0xbf ? lineBytes.subarray(3) : lineBytes;
    let line: string;
    try {
      line = UTF8.decode(b);
    } catch {
      throw new Error(`invalid env file (${path}): invalid utf8 bytes at line ${i + 1}: [${[...lineBytes].join(' ')}]`);
    }
    try {
      const kv = parseLine(line, lookup);
      if (kv !== undefined) out.push(kv);
    } catch (e) {
      throw new Error(`invalid env file (${path}): ${(e as Error).message}`);
    }
  });
  return out;
}

/** Go's bufio.ScanLines: split at \n, drop one trailing \r, no empty last line. */
function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && b[i] !== 0x0a) continue;
    if (i === b.length && start === b.length) break;
    const end = i > start && b[i - 1] === 0x0d ? i - 1 : i;
    out.push(b.subarray(start, end));
    start = i + 1;
  }
  return out;
}

function describe(e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory' };
  return texts[e.code ?? ''] ?? e.message;
}

/** docker's ReadKVStrings/ReadKVEnvStrings: the files' entries in order, then `overrides`. */
export function readKeyValueStrings(files: readonly string[], overrides: readonly string[], lookup?: Lookup): string[] {
  return [...files.flatMap((f) => parseKeyValueFile(f, lookup)), ...overrides];
}
