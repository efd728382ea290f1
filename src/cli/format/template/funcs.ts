/**
 * The functions docker adds to its templates (cli/templates: json, split, join, title, lower, upper,
 * pad, truncate, println) plus the Go builtins people use in `--format` (eq, ne, not, and, or, len,
 * index, print, printf), and docker's header variants that print the header text unchanged.
 */
import { printValue, truthy, type FuncMap } from './exec.js';

/** Objects that know their own JSON (docker's MarshalJSON of a formatting context). */
export interface JsonMarshaler {
  marshalJSON(): string;
}

/**
 * Go's json encoding as docker's `json` function does it (no HTML escaping). Key order is kept as
 * received: decoded API objects are Go structs, whose fields marshal in declaration order.
 */
export function goJson(v: unknown): string {
  if (v && typeof v === 'object' && typeof (v as Partial<JsonMarshaler>).marshalJSON === 'function') {
    return (v as JsonMarshaler).marshalJSON();
  }
  return JSON.stringify(v) ?? 'null';
}

const s = (v: unknown): string => (typeof v === 'string' ? v : printValue(v));

function printf(format: unknown, ...args: unknown[]): string {
  let i = 0;
  return s(format).replace(/%([-+ 0#]*\d*(?:\.\d+)?)([vsdqf%])/g, (_m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(s(a));
    return s(a);
  });
}

/** Functions available in every `--format` template. */
export const basicFuncs: FuncMap = {
  json: goJson,
  split: (v, sep) => s(v).split(s(sep)),
  join: (v, sep) => (Array.isArray(v) ? v.map(s).join(s(sep)) : s(v)),
  title: (v) => s(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  lower: (v) => s(v).toLowerCase(),
  upper: (v) => s(v).toUpperCase(),
  pad: (v, l, r) => (s(v) === '' ? '' : ' '.repeat(Number(l)) + s(v) + ' '.repeat(Number(r))),
  truncate: (v, n) => [...s(v)].slice(0, Number(n)).join(''),
  println: (...a) => `${a.map(s).join(' ')}\n`,
  print: (...a) => a.map(s).join(''),
  printf: (f, ...a) => printf(f, ...a),
  eq: (a, ...b) => b.some((x) => x === a),
  ne: (a, b) => a !== b,
  not: (a) => !truthy(a),
  and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
  len: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  index: (v, ...keys) => keys.reduce<unknown>((acc, k) => (acc as Record<string, unknown> | undefined)?.[s(k)], v),
};

/** docker's HeaderFunctions: in a table header the functions leave the header text as it is. */
export const headerFuncs: FuncMap = {
  ...basicFuncs,
  json: (v) => s(v),
  split: (v) => s(v),
  join: (v) => s(v),
  title: (v) => s(v),
  lower: (v) => s(v),
  upper: (v) => s(v),
  truncate: (v) => s(v),
  pad: (v) => s(v),
};
