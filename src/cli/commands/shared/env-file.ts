/**
 * `--env-file` as docker reads it (opts.ParseEnvFile, CLI 28): one `NAME=value` per line, the value
 * passed through untrimmed; leading whitespace, empty lines and `#` comments skipped; a UTF-8 BOM
 * dropped; a bare `NAME` takes the client's value when set and is left out otherwise. The files'
 * variables come before the `-e` ones (ReadKVEnvStrings), so `-e` wins.
 */
import { readFile } from 'node:fs/promises';
import { StatusError } from '../../errors.js';

const WHITESPACE = /[ \t\n\v\f\r]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(bytes: Buffer, lineNo: number): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new Error(`invalid utf8 bytes at line ${lineNo}: [${[...bytes].join(' ')}]`);
  }
}

/** Parses an env file's bytes; throws the message docker prints (without the file prefix). */
export function parseEnvFile(data: Buffer, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  let lineNo = 0;
  for (const raw of splitLines(data)) {
    lineNo++;
    const bytes = lineNo === 1 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
    const line = decode(bytes, lineNo).replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).replace(/^[ \t\n\v\f\r]+/, '');
    if (WHITESPACE.test(name)) throw new Error(`variable '${name}' contains whitespaces`);
    if (name === '') throw new Error(`no variable name on line '${line}'`);
    if (eq >= 0) out.push(`${name}=${line.slice(eq + 1)}`);
    else if (env[name] !== undefined) out.push(`${name.trim()}=${env[name]}`);
  }
  return out;
}

/** Lines as Go's bufio.Scanner gives them: split at `\n`, one trailing `\r` dropped, no empty last line. */
function splitLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
    lines.push(data.subarray(start, nl));
    start = nl + 1;
  }
  if (start < data.length) lines.push(data.subarray(start));
  return lines.map((l) => (l[l.length - 1] === 0x0d ? l.subarray(0, -1) : l));
}

/** Reads `files` in order and appends `overrides` (the `-e` values); failures are docker's messages (exit 1). */
export async function readEnvFiles(files: readonly string[], overrides: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const vars: string[] = [];
  for (const f of files) {
    let data: Buffer;
    try {
      data = await readFile(f);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EISDIR') throw new StatusError(1, `invalid env file (${f}): read ${f}: is a directory`);
      throw new StatusError(1, `open ${f}: ${goErrno(err)}`);
    }
    try {
      vars.push(...parseEnvFile(data, env));
    } catch (e) {
      throw new StatusError(1, `invalid env file (${f}): ${(e as Error).message}`);
    }
  }
  return [...vars, ...overrides];
}

/** Go's text for the usual errno values (`no such file or directory`). */
function goErrno(e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOTDIR: 'not a directory' };
  return texts[e.code ?? ''] ?? e.message;
}
