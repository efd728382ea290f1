/**
 * Decoding into and encoding from Go structs described as data (`GoType`), with encoding/json's
 * rules: keys match field names exactly or else ASCII-case-insensitively, unknown keys are
 * ignored, `null` leaves a scalar or struct as it was and clears a slice, map or pointer, a key
 * seen twice is applied twice (maps and structs merge), and a type mismatch is an error. Encoding
 * writes fields in declaration order and drops `omitempty` zero values (nil or empty slices and
 * maps, "", false, 0, nil pointers; never structs). Enough for Docker's V1Image (`v1-image.ts`).
 */
import { type GoNode, goString, goObject } from './go-json.js';
import { type GoTime, ZERO_TIME, parseGoTime, formatGoTime } from './go-time.js';

/**
 * A Go type: scalars, `time` (time.Time), `strslice` (Docker's StrSlice: a string or a list),
 * `strings` ([]string), `set` (map[string]struct{}), `smap` (map[string]string), structs,
 * pointers and slices.
 */
export type GoType =
  | 'string' | 'bool' | 'int' | 'time' | 'strslice' | 'strings' | 'set' | 'smap'
  | { struct: GoField[] } | { ptr: GoType } | { slice: GoType };

/** A struct field: its JSON name and type. */
export interface GoField { name: string; type: GoType; omitempty?: boolean }

/** A decoded value: string, boolean, bigint, GoTime, string[], Map, struct record, array or null. */
export type GoValue = string | boolean | bigint | GoTime | string[] | Map<string, string> | GoStruct | GoValue[] | null;
/** A struct value by field name. */
export type GoStruct = { [field: string]: GoValue };

/** A value does not fit its Go type; `path` names the field (`config.Cmd`). */
export class GoTypeError extends Error {
  readonly code = 'GO_TYPE';
  constructor(readonly path: string, got: string, want: string) {
    super(`cannot unmarshal ${got} into field ${path || '(top level)'} of type ${want}`);
  }
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** The zero value of `t`. */
export function zeroOf(t: GoType): GoValue {
  if (t === 'string') return '';
  if (t === 'bool') return false;
  if (t === 'int') return 0n;
  if (t === 'time') return ZERO_TIME;
  if (typeof t === 'object' && 'struct' in t) return Object.fromEntries(t.struct.map((f) => [f.name, zeroOf(f.type)]));
  return null;
}

/** Go ignores `null` for scalars, times and structs; it sets slices, maps and pointers to nil. */
const keptOnNull = (t: GoType): boolean => ['string', 'bool', 'int', 'time'].includes(t as string) || (typeof t === 'object' && 'struct' in t);

const typeName = (t: GoType): string => (typeof t === 'string' ? t : 'struct' in t ? 'struct' : 'ptr' in t ? `*${typeName(t.ptr)}` : `[]${typeName(t.slice)}`);

/**
 * Decodes `node` into a value of type `t`, starting from `current` (what the field held before;
 * Go decodes into it). `source` is the JSON text the node was parsed from (time literals are read raw).
 */
export function decodeGo(node: GoNode, t: GoType, current: GoValue, source: string, path = ''): GoValue {
  const fail = (): never => { throw new GoTypeError(path, node.kind, typeName(t)); };
  if (node.kind === 'null') return keptOnNull(t) ? current : null;
  if (typeof t === 'object') return decodeComposite(node, t, current, source, path, fail);
  switch (t) {
    case 'string': return node.kind === 'string' ? node.value : fail();
    case 'bool': return node.kind === 'bool' ? node.value : fail();
    case 'int': return node.kind === 'number' ? toInt64(node.text, path) : fail();
    case 'time': return node.kind === 'string' ? parseGoTime(source.slice(node.start + 1, node.end - 1)) : fail();
    case 'strslice': return node.kind === 'string' ? [node.value] : node.kind === 'array' ? stringList(node, path) : fail();
    case 'strings': return node.kind === 'array' ? stringList(node, path) : fail();
    case 'set': return node.kind === 'object' ? mapOf(node, current, path, (v) => (v.kind === 'object' || v.kind === 'null' ? '' : undefined)) : fail();
    case 'smap': return node.kind === 'object' ? mapOf(node, current, path, (v) => (v.kind === 'string' ? v.value : v.kind === 'null' ? '' : undefined)) : fail();
  }
}

function decodeComposite(node: GoNode, t: Exclude<GoType, string>, current: GoValue, source: string, path: string, fail: () => never): GoValue {
  if ('ptr' in t) return decodeGo(node, t.ptr, current ?? zeroOf(t.ptr), source, path);
  if ('slice' in t) {
    if (node.kind !== 'array') return fail();
    return node.items.map((item, i) => decodeGo(item, t.slice, zeroOf(t.slice), source, `${path}[${i}]`));
  }
  if (node.kind !== 'object') return fail();
  const out: GoStruct = { ...(current as GoStruct) };
  for (const { key, value } of node.entries) {
    const f = fieldFor(t.struct, key);
    if (f) out[f.name] = decodeGo(value, f.type, out[f.name] ?? zeroOf(f.type), source, path ? `${path}.${f.name}` : f.name);
  }
  return out;
}

/** The field a key sets: an exact name match, else a case-insensitive one (Go's `foldName`). */
export function fieldFor(fields: GoField[], key: string): GoField | undefined {
  const exact = fields.find((f) => f.name === key);
  if (exact) return exact;
  const folded = fold(key);
  return fields.find((f) => fold(f.name) === folded);
}

/** ASCII case folding, plus the two non-ASCII letters Go folds onto ASCII ones (ſ → s, K → k). */
function fold(s: string): string {
  return s.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function toInt64(text: string, path: string): bigint {
  const n = /^-?\d+$/.test(text) ? BigInt(text) : undefined;
  if (n === undefined || n < INT64.min || n > INT64.max) throw new GoTypeError(path, `number ${text}`, 'int64');
  return n;
}

function stringList(node: Extract<GoNode, { kind: 'array' }>, path: string): string[] {
  return node.items.map((item, i) => {
    if (item.kind === 'string') return item.value;
    if (item.kind === 'null') return '';
    throw new GoTypeError(`${path}[${i}]`, item.kind, 'string');
  });
}

function mapOf(node: Extract<GoNode, { kind: 'object' }>, current: GoValue, path: string, elem: (v: GoNode) => string | undefined): Map<string, string> {
  const out = new Map(current instanceof Map ? current : []);
  for (const { key, value } of node.entries) {
    const v = elem(value);
    if (v === undefined) throw new GoTypeError(`${path}.${key}`, value.kind, 'map element');
    out.set(key, v);
  }
  return out;
}

/** Go's `isEmptyValue`: a pointer is empty only when nil (a pointer to 0 is written), a struct never. */
function isEmpty(t: GoType, v: GoValue): boolean {
  if (typeof t === 'object' && !('slice' in t)) return 'ptr' in t && v === null;
  if (v === null || v === '' || v === false || v === 0n) return true;
  return (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);
}

/** The fields of a struct as Go encodes them: `[name, JSON text]` in declaration order. */
export function encodeFields(fields: GoField[], v: GoStruct): Array<[string, string]> {
  return fields.filter((f) => !(f.omitempty && isEmpty(f.type, v[f.name] ?? zeroOf(f.type)))).map((f) => [f.name, encodeGo(f.type, v[f.name] ?? zeroOf(f.type))]);
}

/** `v` (of type `t`) as Go's encoder writes it. */
export function encodeGo(t: GoType, v: GoValue): string {
  if (typeof t === 'object') {
    if ('ptr' in t) return v === null ? 'null' : encodeGo(t.ptr, v);
    if ('slice' in t) return v === null ? 'null' : `[${(v as GoValue[]).map((x) => encodeGo(t.slice, x)).join(',')}]`;
    return `{${encodeFields(t.struct, v as GoStruct).map(([k, x]) => `${goString(k)}:${x}`).join(',')}}`;
  }
  if (v === null) return 'null';
  switch (t) {
    case 'string': return goString(v as string);
    case 'bool': case 'int': return String(v);
    case 'time': return `"${formatGoTime(v as GoTime)}"`;
    case 'strslice': case 'strings': return `[${(v as string[]).map(goString).join(',')}]`;
    case 'set': return goObject([...(v as Map<string, string>).keys()].map((k) => [k, '{}']));
    case 'smap': return goObject([...(v as Map<string, string>)].map(([k, x]) => [k, goString(x)]));
  }
}
