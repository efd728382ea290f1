/**
 * The mount flags of `run`/`create`, parsed client-side as docker CLI 28 parses them: `-v` split
 * into Binds and anonymous Volumes by the compose volume parser (cli/compose/loader/volume.go,
 * Windows drive quirk and all), `--mount` read as a CSV of keys (cli/opts/mount.go) into
 * HostConfig.Mounts objects, `--tmpfs /x[:opts]` into HostConfig.Tmpfs. The daemon checks the rest.
 */
import { resolve } from 'node:path';
import { parseGoBool, parseRamBytes } from '../../flags/values.js';

const isLetter = (c: string | undefined): boolean => c !== undefined && /^\p{L}$/u.test(c);
const isWindowsDrive = (buffer: string, char: string): boolean => char === ':' && buffer.length === 1 && isLetter(buffer);

/** The compose parser's fields of a `-v` value; throws its "invalid spec" messages. */
function composeVolume(spec: string): { source: string; target: string } {
  if (spec.length === 0) throw new Error('invalid empty volume spec');
  if (spec.length <= 2) return { source: '', target: spec };
  const v = { source: '', target: '' };
  let buffer = '';
  const END = '\u0000';
  for (const char of [...spec, END]) {
    if (isWindowsDrive(buffer, char)) buffer += char;
    else if (char === ':' || char === END) {
      if (buffer === '') throw new Error(`invalid spec: ${spec}: empty section between colons`);
      if (v.source === '' && char === END) v.target = buffer;
      else if (v.source === '') v.source = buffer;
      else if (v.target === '') v.target = buffer;
      else if (char === ':') throw new Error(`invalid spec: ${spec}: too many colons`);
      buffer = '';
    } else buffer += char;
  }
  return v;
}

/** compose's isFilePath: a bind's source. */
function isFilePath(source: string): boolean {
  if (source === '.' || source === '..' || /^[./~]/.test(source) || source.startsWith('\\\\')) return true;
  const [first, next] = [...source];
  return isWindowsDrive(first ?? '', next ?? '');
}

/** `-v` values → Binds (in the order given) and anonymous Volumes; a `./x` host path made absolute. */
export function splitVolumes(values: readonly string[]): { binds: string[]; anon: Record<string, Record<string, never>> } {
  const binds: string[] = [];
  const anon: Record<string, Record<string, never>> = {};
  for (const v of values) {
    const parsed = composeVolume(v);
    if (parsed.source === '') {
      anon[v] = {};
      continue;
    }
    const colon = v.indexOf(':');
    const host = v.slice(0, colon);
    binds.push(isFilePath(parsed.source) && host.startsWith('.') ? `${resolve(host)}${v.slice(colon)}` : v);
  }
  return { binds, anon };
}

/** Go's encoding/csv for one record (quotes, doubled quotes inside them). */
function csvFields(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (text[i] === '"') { i++; break; } else field += text[i];
      }
      if (i < text.length && text[i] !== ',') throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
    } else {
      const end = text.indexOf(',', i);
      field = text.slice(i, end < 0 ? undefined : end);
      if (field.includes('"')) throw new Error(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      i = end < 0 ? text.length : end;
    }
    out.push(field);
    if (i >= text.length) return out;
    i++; // the comma
  }
}

type Mount = Record<string, unknown> & { Type: string; Source?: string; Target?: string; ReadOnly?: boolean };
type Opts = Record<string, unknown>;

const boolOf = (key: string, val: string): boolean => {
  try { return parseGoBool(val) as boolean; } catch { throw new Error(`invalid value for ${key}: ${val}`); }
};

/** docker's `--mount` value → a HostConfig.Mounts object; throws its messages (without the flag prefix). */
export function parseMountFlag(value: string): Mount {
  const m: Mount = { Type: 'volume' };
  const vol = (): Opts & { DriverConfig: Opts } => ((m.VolumeOptions as Opts | undefined) ??= { Labels: {}, DriverConfig: {} }) as Opts & { DriverConfig: Opts };
  const bind = (): Opts => ((m.BindOptions as Opts | undefined) ??= {}) as Opts;
  const tmpfs = (): Opts => ((m.TmpfsOptions as Opts | undefined) ??= {}) as Opts;
  const setOn = (target: Record<string, string>, kv: string): void => {
    const eq = kv.indexOf('=');
    const k = eq < 0 ? kv : kv.slice(0, eq);
    if (k !== '') target[k] = eq < 0 ? '' : kv.slice(eq + 1);
  };
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') m.ReadOnly = true;
      else if (key === 'volume-nocopy') vol().NoCopy = true;
      else if (key === 'bind-nonrecursive') bind().NonRecursive = true;
      else throw new Error(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    switch (key) {
      case 'type': m.Type = val.toLowerCase(); break;
      case 'source': case 'src': m.Source = val === '.' || val.startsWith('./') ? resolve(val) : val; break;
      case 'target': case 'dst': case 'destination': m.Target = val; break;
      case 'readonly': case 'ro': m.ReadOnly = boolOf(key, val); break;
      case 'consistency': m.Consistency = val.toLowerCase(); break;
      case 'bind-propagation': bind().Propagation = val.toLowerCase(); break;
      case 'bind-nonrecursive': bind().NonRecursive = boolOf(key, val); break;
      case 'bind-recursive': bindRecursive(bind, key, val); break;
      case 'volume-subpath': vol().Subpath = val; break;
      case 'volume-nocopy': vol().NoCopy = boolOf(key, val); break;
      case 'volume-label': setOn(vol().Labels as Record<string, string>, val); break;
      case 'volume-driver': vol().DriverConfig.Name = val; break;
      case 'volume-opt': setOn((vol().DriverConfig.Options ??= {}) as Record<string, string>, val); break;
      case 'tmpfs-size': tmpfs().SizeBytes = sizeOf(key, val); break;
      case 'tmpfs-mode': tmpfs().Mode = modeOf(key, val); break;
      default: throw new Error(`unexpected key '${key}' in '${field}'`);
    }
  }
  return omitEmpty(checked(m)) as Mount;
}

/** Go's `omitempty` on the mount types: false, "", 0 and empty maps go; the option structs (pointers) stay. */
function omitEmpty(o: Opts): Opts {
  const out: Opts = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === false || v === '' || v === 0) continue;
    const isMap = k === 'Labels' || k === 'Options';
    if (isMap && Object.keys(v as object).length === 0) continue;
    out[k] = !isMap && v !== null && typeof v === 'object' ? omitEmpty(v as Opts) : v;
  }
  return out;
}

/** docker's `bind-recursive=enabled|disabled|writable|readonly` (`enabled`, the default, sets nothing). */
function bindRecursive(o: () => Opts, key: string, val: string): void {
  if (val === 'disabled') o().NonRecursive = true;
  else if (val === 'writable') o().ReadOnlyNonRecursive = true;
  else if (val === 'readonly') o().ReadOnlyForceRecursive = true;
  else if (val !== 'enabled') throw new Error(`invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`);
}

function sizeOf(key: string, val: string): number {
  try { return parseRamBytes(val); } catch { throw new Error(`invalid value for ${key}: ${val}`); }
}

function modeOf(key: string, val: string): number {
  if (!/^[+]?[0-7]+$/.test(val) || parseInt(val, 8) > 0xffffffff) throw new Error(`invalid value for ${key}: ${val}`);
  return parseInt(val, 8);
}

/** docker's checks once every key is read. */
function checked(m: Mount): Mount {
  if (m.Type === '') throw new Error('type is required');
  if (!m.Target) throw new Error('target is required');
  if (m.VolumeOptions && m.Type !== 'volume') throw new Error(`cannot mix 'volume-*' options with mount type '${m.Type}'`);
  if (m.BindOptions && m.Type !== 'bind') throw new Error(`cannot mix 'bind-*' options with mount type '${m.Type}'`);
  if (m.TmpfsOptions && m.Type !== 'tmpfs') throw new Error(`cannot mix 'tmpfs-*' options with mount type '${m.Type}'`);
  const b = m.BindOptions as Opts | undefined;
  if (b?.ReadOnlyNonRecursive && !m.ReadOnly) throw new Error("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
  if (b?.ReadOnlyForceRecursive) {
    if (!m.ReadOnly) throw new Error("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
    if (b.Propagation !== 'rprivate') throw new Error("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
  }
  return m;
}

/** `--tmpfs /x[:opts]` values → HostConfig.Tmpfs (split at the first colon; a later one wins). */
export function tmpfsMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const colon = v.indexOf(':');
    out[colon < 0 ? v : v.slice(0, colon)] = colon < 0 ? '' : v.slice(colon + 1);
  }
  return out;
}
