/**
 * The docker CLI's config file, `config.json` in the config directory (`--config`, else
 * $DOCKER_CONFIG, else ~/.docker), as far as credentials go: `auths` (each entry's `auth` is
 * base64 `user:password`; `identitytoken` and `registrytoken` stand beside it), `credsStore` and
 * `credHelpers`. Every other key, and every other field of an `auths` entry, is written back as it
 * was read: saving never loses settings Wharf does not know (docker's Go struct would drop them).
 *
 * Loading never fails: a missing file is an empty config; a file that does not parse is reported
 * through `warn` in docker's words and treated as empty (docker goes on the same way). Saving is
 * atomic — a temp file in the same directory renamed over the target — so a reader sees the old
 * file or the new one, never half of one; a new file is mode 0600, an existing one keeps its mode.
 */
import { chmod, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AuthConfig } from '../client/auth.js';
import { writeFileAtomic } from '../util/atomic-file.js';

/** The file's name inside the config directory. */
export const CONFIG_FILE_NAME = 'config.json';

/** The credentials part of a loaded config file. */
export interface DockerConfig {
  /** The file's path (it may not exist yet). */
  readonly path: string;
  /** `auths` decoded: key → credentials, `serveraddress` set to the key. */
  auths: Record<string, AuthConfig>;
  /** `credsStore`: the helper suffix for every registry without a `credHelpers` entry. */
  readonly credsStore?: string;
  /** `credHelpers`: registry key → helper suffix. */
  readonly credHelpers: Readonly<Record<string, string>>;
  /** The file's top-level object as read, unknown keys included. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The config directory: `--config`, else $DOCKER_CONFIG, else `~/.docker` (docker's order). */
export function configDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker');
}

/** Decodes an `auth` field (base64 `user:password`); throws docker's message for a bad one. */
export function decodeAuthField(auth: string): { username: string; password: string } {
  const bad = base64ErrorAt(auth);
  if (bad !== undefined) throw new Error(`illegal base64 data at input byte ${bad}`);
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error('Invalid auth configuration file');
  return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/^\0+|\0+$/g, '') };
}

const B64 = /[A-Za-z0-9+/]/;

/** Where Go's base64.StdEncoding.Decode reports corrupt input (its decodeQuantum's rules), if anywhere. */
function base64ErrorAt(s: string): number | undefined {
  const skipNewlines = (i: number): number => {
    while (i < s.length && (s[i] === '\n' || s[i] === '\r')) i++;
    return i;
  };
  let si = 0;
  while (si < s.length) {
    for (let j = 0; j < 4; j++) {
      if (si === s.length) return j === 0 ? undefined : si - j;
      const c = s[si++] ?? '';
      if (B64.test(c)) continue;
      if (c === '\n' || c === '\r') { j--; continue; }
      if (c !== '=' || j < 2) return si - 1;
      if (j === 2) {
        si = skipNewlines(si);
        if (si === s.length) return s.length;
        if (s[si] !== '=') return si - 1;
        si++;
      }
      si = skipNewlines(si);
      return si < s.length ? si : undefined;
    }
  }
  return undefined;
}

/** Encodes `user:password` as the `auth` field; empty when both are empty (docker leaves it out then). */
export function encodeAuthField(a: AuthConfig): string {
  if (!a.username && !a.password) return '';
  return Buffer.from(`${a.username ?? ''}:${a.password ?? ''}`).toString('base64');
}

/** Reads the config file of `dir`; `warn` gets docker's warning when the file does not parse. */
export async function loadConfig(dir: string, warn: (line: string) => void): Promise<DockerConfig> {
  const path = join(dir, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig(path);
    throw e;
  }
  try {
    return parseConfig(path, text);
  } catch (e) {
    warn(`WARNING: Error parsing config file (${path}): ${(e as Error).message}\n`);
    return emptyConfig(path);
  }
}

function emptyConfig(path: string): DockerConfig {
  return { path, auths: {}, credHelpers: {}, raw: {} };
}

function parseConfig(path: string, text: string): DockerConfig {
  const raw: unknown = text.trim() === '' ? {} : JSON.parse(text);
  if (!isObject(raw)) throw new Error('json: cannot unmarshal into Go value of type configfile.ConfigFile');
  const auths: Record<string, AuthConfig> = {};
  for (const [key, entry] of Object.entries(isObject(raw['auths']) ? raw['auths'] : {})) {
    auths[key] = decodeEntry(key, isObject(entry) ? entry : {});
  }
  const credsStore = typeof raw['credsStore'] === 'string' && raw['credsStore'] !== '' ? raw['credsStore'] : undefined;
  const helpers = isObject(raw['credHelpers']) ? raw['credHelpers'] : {};
  const credHelpers = Object.fromEntries(Object.entries(helpers).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  return { path, auths, ...(credsStore ? { credsStore } : {}), credHelpers, raw };
}

function decodeEntry(key: string, e: Record<string, unknown>): AuthConfig {
  const s = (k: string): string => (typeof e[k] === 'string' ? e[k] : '');
  const auth = s('auth') ? decodeAuthField(s('auth')) : { username: s('username'), password: s('password') };
  return compact({ ...auth, serveraddress: key, identitytoken: s('identitytoken'), registrytoken: s('registrytoken') });
}

/** Drops empty fields (docker's `omitempty`). */
export function compact(a: AuthConfig): AuthConfig {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== '')) as AuthConfig;
}

/** The file's text for `cfg`: unknown keys kept, `auths` re-encoded, tab-indented like docker's. */
export function serializeConfig(cfg: DockerConfig): string {
  const rawAuths = isObject(cfg.raw['auths']) ? cfg.raw['auths'] : {};
  const auths: Record<string, unknown> = {};
  for (const [key, a] of Object.entries(cfg.auths)) {
    const prev = rawAuths[key];
    const { username: _u, password: _p, serveraddress: _s, auth: _a, identitytoken: _i, registrytoken: _r, ...kept } = isObject(prev) ? prev : {};
    auths[key] = { ...kept, ...compactFields({ auth: encodeAuthField(a), identitytoken: a.identitytoken, registrytoken: a.registrytoken }) };
  }
  const out = 'auths' in cfg.raw ? { ...cfg.raw, auths } : { auths, ...cfg.raw };
  return goHtmlEscape(JSON.stringify(out, null, '\t'));
}

/** Go's encoding/json escapes `<`, `>`, `&`, U+2028 and U+2029 in strings; JSON text written for docker's tools does too. */
export function goHtmlEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

function compactFields(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== ''));
}

/**
 * Writes `cfg` atomically (temp file, fsync, rename): a new file gets mode 0600, a file that exists
 * keeps its mode, as docker copies it. A symlinked config file is replaced at the link's target, as
 * docker does, so the link survives.
 */
export async function saveConfig(cfg: DockerConfig): Promise<void> {
  const target = await realpath(cfg.path).catch(() => cfg.path);
  const previous = await stat(target).catch(() => undefined);
  const mode = previous ? previous.mode & 0o7777 : 0o600;
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  await writeFileAtomic(target, serializeConfig(cfg), mode);
  if (previous) await chmod(target, mode); // the temp file's mode went through the umask
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
