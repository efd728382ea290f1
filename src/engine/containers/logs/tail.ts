/**
 * Where the last N records of a log start, found by reading its files backwards in chunks (a tail
 * of a big log reads only what it returns). Records end with a newline; a trailing fragment that
 * has none yet is not counted.
 */
import { fstatSync, read } from 'node:fs';
import { promisify } from 'node:util';

const readAt = promisify(read);
const CHUNK = 64 * 1024;

export interface LogPosition { file: number; offset: number }

/** The start of the last `n` records of the open files `fds` (oldest first; -1 for a missing one). */
export async function tailStart(fds: readonly number[], n: number): Promise<LogPosition> {
  let remaining = n;
  for (let i = fds.length - 1; i >= 0; i--) {
    const found = await findFromEnd(fds[i]!, remaining);
    if (found.offset !== undefined) return { file: i, offset: found.offset };
    remaining -= found.records;
    if (remaining === 0) return { file: i, offset: 0 };
  }
  return { file: 0, offset: 0 };
}

/**
 * Scans the open file `fd` backwards: the offset where its last `want` records begin, or, when it
 * holds fewer, how many it holds.
 */
async function findFromEnd(fd: number, want: number): Promise<{ offset?: number; records: number }> {
  if (fd < 0) return { records: 0 };
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(CHUNK);
  let newlines = 0;
  let seenEnd = false; // the newline ending the last complete record
  for (let end = size; end > 0; end -= CHUNK) {
    const start = Math.max(0, end - CHUNK);
    const { bytesRead } = await readAt(fd, buf, 0, end - start, start);
    for (let j = bytesRead - 1; j >= 0; j--) {
      if (buf[j] !== 0x0a) continue;
      if (!seenEnd) { seenEnd = true; continue; }
      newlines++;
      if (newlines === want) return { offset: start + j + 1, records: want };
    }
  }
  return { records: seenEnd ? newlines + 1 : 0 };
}
