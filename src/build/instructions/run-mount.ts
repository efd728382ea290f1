/**
 * `RUN --mount=` values, as BuildKit reads them: comma-separated `key=value` fields (a bare key is a
 * boolean, `ro`/`readonly`/`rw`/`readwrite`/`required`), `type` defaulting to `bind`. Bind mounts are
 * read-only unless `rw`; cache mounts are writable unless `ro`.
 */
import { InstructionError, type RunMount } from './types.js';

const TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
const BOOL = /^(1|t|true|0|f|false)$/i;

/** Go's strconv.ParseBool, for `ro=true` and friends. */
function bool(value: string | undefined, key: string, line: number): boolean {
  if (value === undefined) return true;
  if (!BOOL.test(value)) throw new InstructionError(`invalid value for ${key}: ${value}`, line);
  return /^(1|t|true)$/i.test(value);
}

function int(value: string | undefined, key: string, line: number, radix = 10): number | undefined {
  if (value === undefined) return undefined;
  const n = radix === 8 ? (/^[0-7]+$/.test(value) ? parseInt(value, 8) : NaN) : /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(n)) throw new InstructionError(`invalid value for ${key}: ${value}`, line);
  return n;
}

/** A size with docker's units (`64m`, `1g`, plain bytes). */
function size(value: string | undefined, line: number): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value);
  if (!m) throw new InstructionError(`invalid value for size: ${value}`, line);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.floor(Number(m[1]) * mult);
}

/** Parses one `--mount` value; `line` for messages. */
export function parseRunMount(text: string, line: number): RunMount {
  const fields = new Map<string, string | undefined>();
  for (const part of text.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    fields.set(key, eq < 0 ? undefined : part.slice(eq + 1));
  }
  const get = (...keys: string[]) => keys.map((k) => fields.get(k)).find((v) => v !== undefined);
  const type = get('type') ?? 'bind';
  if (!TYPES.has(type)) throw new InstructionError(`unsupported mount type "${type}"`, line);
  for (const key of fields.keys()) if (!KEYS[type as RunMount['type']].has(key)) throw new InstructionError(`unexpected key '${key}' in '${text}'`, line);
  const target = get('target', 'dst', 'destination');
  const readonly = fields.has('ro') || fields.has('readonly') ? bool(get('ro', 'readonly'), 'readonly', line)
    : fields.has('rw') || fields.has('readwrite') ? !bool(get('rw', 'readwrite'), 'readwrite', line) : type === 'bind';
  const needTarget = (): string => {
    if (!target) throw new InstructionError('mount target is required', line);
    return target;
  };
  const source = get('source', 'src');
  const from = get('from');
  switch (type) {
    case 'bind':
      return { type, target: needTarget(), ...(source ? { source } : {}), ...(from ? { from } : {}), readonly };
    case 'cache': {
      const sharing = get('sharing') ?? 'shared';
      if (sharing !== 'shared' && sharing !== 'private' && sharing !== 'locked') throw new InstructionError(`unsupported sharing value "${sharing}"`, line);
      const [mode, uid, gid] = [int(get('mode'), 'mode', line, 8), int(get('uid'), 'uid', line), int(get('gid'), 'gid', line)];
      const id = get('id');
      return {
        type, target: needTarget(), sharing, readonly, ...(id ? { id } : {}), ...(source ? { source } : {}), ...(from ? { from } : {}),
        ...(mode !== undefined ? { mode } : {}), ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}),
      };
    }
    case 'tmpfs': {
      const bytes = size(get('size'), line);
      return { type, target: needTarget(), ...(bytes !== undefined ? { size: bytes } : {}) };
    }
    case 'secret': {
      const id = get('id') ?? (target ? target.split('/').pop()! : '');
      const env = get('env');
      return {
        type, id, ...(target ? { target } : {}), ...(env ? { env } : {}), required: bool(get('required') ?? 'false', 'required', line),
        mode: int(get('mode'), 'mode', line, 8) ?? 0o400, uid: int(get('uid'), 'uid', line) ?? 0, gid: int(get('gid'), 'gid', line) ?? 0,
      };
    }
    default:
      return { type: 'ssh', id: get('id') ?? 'default', ...(target ? { target } : {}), required: bool(get('required') ?? 'false', 'required', line) };
  }
}

const COMMON = ['type', 'target', 'dst', 'destination', 'ro', 'readonly', 'rw', 'readwrite'];
const KEYS: Record<RunMount['type'], Set<string>> = {
  bind: new Set([...COMMON, 'source', 'src', 'from']),
  cache: new Set([...COMMON, 'source', 'src', 'from', 'id', 'sharing', 'mode', 'uid', 'gid']),
  tmpfs: new Set([...COMMON, 'size']),
  secret: new Set([...COMMON, 'id', 'env', 'required', 'mode', 'uid', 'gid', 'source', 'src']),
  ssh: new Set([...COMMON, 'id', 'required', 'mode', 'uid', 'gid']),
};
