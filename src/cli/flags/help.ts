/**
 * `--help` output in docker's layout: cobra's usage template as docker customises it, and the option
 * list as pflag's FlagUsagesWrapped renders it (aligned columns, usage text wrapped to the terminal).
 */
import type { FlagSpec } from './types.js';

/** What the help page of one command shows. */
export interface HelpPage {
  /** Usage line after `Usage:  `, e.g. `wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  usage: string;
  description: string;
  /** e.g. `wharf container run, wharf run`. */
  aliases?: string;
  flags: readonly FlagSpec[];
  /** Extra sections printed after the options, each already formatted. */
  extra?: string;
}

/** Renders a help page; `width` is the terminal width (docker wraps at width - 1). */
export function renderHelp(page: HelpPage, width = 80): string {
  let out = `Usage:  ${page.usage}\n\n${page.description}\n`;
  if (page.aliases) out += `\nAliases:\n  ${page.aliases}\n`;
  const flags = page.flags.filter((f) => !f.hidden);
  if (flags.length > 0) out += `\nOptions:\n${flagUsages(flags, width - 1).trimEnd()}\n`;
  if (page.extra) out += page.extra;
  return out;
}

/** pflag's FlagUsagesWrapped: one line per flag, sorted by name, usage wrapped at `cols`. */
export function flagUsages(flags: readonly FlagSpec[], cols: number): string {
  const sorted = [...flags].sort((a, b) => (a.long < b.long ? -1 : a.long > b.long ? 1 : 0));
  const rows = sorted.map((f) => {
    const { varname, usage } = unquoteUsage(f);
    let head = f.short ? `  -${f.short}, --${f.long}` : `      --${f.long}`;
    if (varname) head += ` ${varname}`;
    return { head, usage: usage + defaultSuffix(f) };
  });
  const maxlen = Math.max(...rows.map((r) => r.head.length + 1));
  return rows
    .map((r) => `${r.head} ${' '.repeat(maxlen - r.head.length)} ${wrap(maxlen + 2, cols, r.usage)}\n`)
    .join('');
}

function unquoteUsage(f: FlagSpec): { varname: string; usage: string } {
  const m = /`([^`]*)`/.exec(f.usage);
  if (m) return { varname: m[1] ?? '', usage: f.usage.replace(/`([^`]*)`/, '$1') };
  if (f.type === 'bool') return { varname: '', usage: f.usage };
  return { varname: f.valueName ?? f.type, usage: f.usage };
}

function defaultSuffix(f: FlagSpec): string {
  if (f.helpDefault !== undefined) return ` (default ${f.helpDefault})`;
  const d = f.default;
  if (d === undefined || d === false || d === '' || d === 0) return '';
  if (Array.isArray(d)) return d.length === 0 ? '' : ` (default [${d.join(',')}])`;
  if (typeof d === 'string') return ` (default ${JSON.stringify(d)})`;
  if (f.type === 'duration' && typeof d === 'number') return ` (default ${goDurationString(d)})`;
  return ` (default ${String(d)})`;
}

function goDurationString(ns: number): string {
  if (ns % 3600e9 === 0) return `${ns / 3600e9}h0m0s`;
  if (ns % 60e9 === 0) return `${ns / 60e9}m0s`;
  return `${ns / 1e9}s`;
}

/** pflag's wrap(i, w, s): wraps `s` to width `w` with hanging indent `i`. */
export function wrap(indent: number, width: number, s: string): string {
  let i = indent;
  let room = width - i;
  let r = '';
  if (room < 24) {
    i = 16;
    room = width - i;
    r += `\n${' '.repeat(i)}`;
  }
  if (room < 24) return s.replaceAll('\n', r);
  const slop = 5;
  room -= slop;
  const pad = ' '.repeat(i);
  let [line, rest] = wrapN(room, slop, s);
  r += line.replaceAll('\n', `\n${pad}`);
  while (rest !== '') {
    [line, rest] = wrapN(room, slop, rest);
    r += `\n${pad}${line.replaceAll('\n', `\n${pad}`)}`;
  }
  return r;
}

function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}
