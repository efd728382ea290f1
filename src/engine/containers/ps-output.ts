/**
 * `docker top`'s reading of ps (moby daemon/top_unix.go): which ps arguments are refused, and how
 * ps's output becomes `{Titles, Processes}` — the header's words are the titles, rows are kept when
 * their PID is one of the container's (and thread rows, PID `-`, that follow a kept row), and
 * words beyond the last title are joined into the last column (a command line with spaces).
 */
import { InternalError } from '../errors.js';
import type { TopResult } from './stats/types.js';

/** Splits on ASCII whitespace only (Go's fieldsASCII): ps may print other spaces inside a column. */
export function fieldsAscii(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter((f) => f !== '');
}

/** Docker refuses `-o x=PID` forms that would rename another column to PID (and so fool the filter). */
export function validatePsArgs(psArgs: string): void {
  for (const m of psArgs.matchAll(/[ \t\n\v\f\r]+([^ \t\n\v\f\r]*)=[ \t\n\v\f\r]*(PID[^ \t\n\v\f\r]*)/g)) {
    if (m[1] !== 'pid') throw new InternalError(`specifying "${m[1]}=${m[2]}" is not allowed`);
  }
}

function row(titles: number, fields: string[]): string[] {
  return [...fields.slice(0, titles - 1), fields.slice(titles - 1).join(' ')];
}

/** The rows of `output` whose PID is in `pids`. */
export function parsePsOutput(output: string, pids: readonly number[]): TopResult {
  const lines = output.split('\n');
  const Titles = fieldsAscii(lines[0] ?? '');
  const pidIndex = Titles.indexOf('PID');
  if (pidIndex < 0) throw new InternalError("Couldn't find PID field in ps output");
  const wanted = new Set(pids);
  const Processes: string[][] = [];
  let lastKept = false;
  for (const line of lines.slice(1)) {
    if (line.length === 0) continue;
    const fields = fieldsAscii(line);
    const pid = fields[pidIndex] ?? '';
    if (pid === '-') {
      if (lastKept) Processes.push(row(Titles.length, fields));
      continue;
    }
    if (!/^[+-]?\d+$/.test(pid)) throw new InternalError(`Unexpected pid '${pid}': strconv.Atoi: parsing ${JSON.stringify(pid)}: invalid syntax`);
    lastKept = wanted.has(Number(pid));
    if (lastKept) Processes.push(row(Titles.length, fields));
  }
  return { Titles, Processes };
}
