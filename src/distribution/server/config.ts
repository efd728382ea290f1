/**
 * Registry settings: defaults in one place, a YAML file shaped like distribution's `config.yml`
 * (so existing configs mostly carry over), and command-line flags on top. Pure apart from reading the file.
 *
 * ```yaml
 * log: { level: info }                      # debug | info | warn | error | silent
 * storage:
 *   filesystem: { rootdirectory: /var/lib/wharf-registry }
 *   delete: { enabled: true }
 *   maintenance:
 *     uploadpurging: { enabled: true, age: 168h, interval: 24h }
 *     readonly: { enabled: false }
 * http:
 *   addr: 127.0.0.1:5000
 *   tls: { certificate: /path/cert.pem, key: /path/key.pem }
 *   timeouts: { headers: 30s, idle: 120s }
 * auth:
 *   htpasswd: { realm: wharf-registry, path: /path/htpasswd }
 *   token: { service: wharf-registry, issuer: wharf-registry, expiration: 5m, htpasswd: /path/htpasswd, secret: … }
 * proxy: { remoteurl: https://upstream:5000, username: u, password: p }
 * catalog: { maxentries: 1000 }
 * limits: { manifestsize: 4194304, uploadsessions: 1000, blobsize: 0 }
 * gc: { grace: 10m }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/** Log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Token auth with the built-in issuer (`GET /auth/token`, Basic credentials checked against an htpasswd file). */
export interface TokenAuthConfig {
  service: string;
  issuer: string;
  /** Token lifetime in ms. */
  expirationMs: number;
  htpasswd: string;
  /** HMAC key for signing; random per process when unset (tokens then die with the process). */
  secret?: string;
  /** Public realm URL; derived from the request's Host when unset. */
  realm?: string;
}

/** Everything the registry needs to run. Build with `defaultConfig()` and the loaders below. */
export interface RegistryConfig {
  addr: string;
  root: string;
  tls?: { cert: string; key: string };
  htpasswd?: { path: string; realm: string };
  token?: TokenAuthConfig;
  readOnly: boolean;
  deleteEnabled: boolean;
  logLevel: LogLevel;
  catalogMaxEntries: number;
  tagsMaxEntries: number;
  maxManifestBytes: number;
  /** 0 = unlimited. */
  maxBlobBytes: number;
  maxUploadSessions: number;
  uploadPurge: { enabled: boolean; ageMs: number; intervalMs: number };
  timeouts: { headersMs: number; idleMs: number };
  proxy?: { remoteUrl: string; username?: string; password?: string; caFile?: string };
  gcGraceMs: number;
}

/** The defaults (distribution's where it has one). */
export function defaultConfig(): RegistryConfig {
  return {
    addr: '127.0.0.1:5000',
    root: '/var/lib/wharf-registry',
    readOnly: false,
    deleteEnabled: false,
    logLevel: 'info',
    catalogMaxEntries: 1000,
    tagsMaxEntries: 10000,
    maxManifestBytes: 4 << 20,
    maxBlobBytes: 0,
    maxUploadSessions: 1000,
    uploadPurge: { enabled: true, ageMs: 168 * 3600_000, intervalMs: 24 * 3600_000 },
    timeouts: { headersMs: 30_000, idleMs: 120_000 },
    gcGraceMs: 10 * 60_000,
  };
}

/** Thrown for an unreadable or invalid configuration. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Parses "90s", "5m", "168h", "1h30m", "250ms" or a bare number of seconds into ms. */
export function parseDuration(v: unknown, what: string): number {
  if (typeof v === 'number') return v * 1000;
  const s = String(v).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let m: RegExpExecArray | null;
  let used = 0;
  while ((m = re.exec(s))) {
    total += Number(m[1]) * unit[m[2]!]!;
    used = re.lastIndex;
  }
  if (used !== s.length || s.length === 0) throw new ConfigError(`${what}: invalid duration ${JSON.stringify(v)}`);
  return total;
}

/** Loads a YAML config file over the defaults. */
export async function loadConfigFile(path: string, base = defaultConfig()): Promise<RegistryConfig> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read config ${path}: ${(e as Error).message}`, { cause: e });
  }
  return applyYaml(base, (doc ?? {}) as Y);
}

type Y = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Applies a parsed YAML document (distribution's key names) to a config. */
export function applyYaml(base: RegistryConfig, y: Y): RegistryConfig {
  const c: RegistryConfig = structuredClone(base);
  const st = y.storage ?? {};
  if (st.filesystem?.rootdirectory) c.root = String(st.filesystem.rootdirectory);
  if (st.delete?.enabled !== undefined) c.deleteEnabled = Boolean(st.delete.enabled);
  const up = st.maintenance?.uploadpurging;
  if (up) {
    if (up.enabled !== undefined) c.uploadPurge.enabled = Boolean(up.enabled);
    if (up.age !== undefined) c.uploadPurge.ageMs = parseDuration(up.age, 'uploadpurging.age');
    if (up.interval !== undefined) c.uploadPurge.intervalMs = parseDuration(up.interval, 'uploadpurging.interval');
  }
  if (st.maintenance?.readonly?.enabled !== undefined) c.readOnly = Boolean(st.maintenance.readonly.enabled);
  if (y.readonly !== undefined) c.readOnly = Boolean(y.readonly);
  if (y.log?.level) c.logLevel = checkLevel(String(y.log.level));
  applyHttp(c, y.http ?? {});
  applyAuth(c, y.auth ?? {});
  applyLimits(c, y);
  if (y.proxy?.remoteurl) {
    c.proxy = { remoteUrl: String(y.proxy.remoteurl).replace(/\/+$/, ''), username: y.proxy.username, password: y.proxy.password, caFile: y.proxy.cafile };
  }
  if (y.gc?.grace !== undefined) c.gcGraceMs = parseDuration(y.gc.grace, 'gc.grace');
  return c;
}

function applyHttp(c: RegistryConfig, h: Y): void {
  if (h.addr) c.addr = String(h.addr).startsWith(':') ? `0.0.0.0${h.addr}` : String(h.addr);
  if (h.tls?.certificate || h.tls?.key) {
    if (!h.tls.certificate || !h.tls.key) throw new ConfigError('http.tls needs both certificate and key');
    c.tls = { cert: String(h.tls.certificate), key: String(h.tls.key) };
  }
  if (h.timeouts?.headers !== undefined) c.timeouts.headersMs = parseDuration(h.timeouts.headers, 'http.timeouts.headers');
  if (h.timeouts?.idle !== undefined) c.timeouts.idleMs = parseDuration(h.timeouts.idle, 'http.timeouts.idle');
}

function applyAuth(c: RegistryConfig, a: Y): void {
  if (a.htpasswd) {
    if (!a.htpasswd.path) throw new ConfigError('auth.htpasswd.path is required');
    c.htpasswd = { path: String(a.htpasswd.path), realm: String(a.htpasswd.realm ?? 'wharf-registry') };
  }
  if (a.token) {
    const t = a.token;
    const htpasswd = t.htpasswd ?? a.htpasswd?.path;
    if (!htpasswd) throw new ConfigError('auth.token needs an htpasswd file for its built-in issuer');
    c.token = {
      service: String(t.service ?? 'wharf-registry'),
      issuer: String(t.issuer ?? 'wharf-registry'),
      expirationMs: t.expiration !== undefined ? parseDuration(t.expiration, 'auth.token.expiration') : 300_000,
      htpasswd: String(htpasswd),
      ...(t.secret ? { secret: String(t.secret) } : {}),
      ...(t.realm ? { realm: String(t.realm) } : {}),
    };
    delete c.htpasswd; // the token issuer checks the passwords; the registry checks tokens
  }
}

function applyLimits(c: RegistryConfig, y: Y): void {
  if (y.catalog?.maxentries !== undefined) c.catalogMaxEntries = positiveInt(y.catalog.maxentries, 'catalog.maxentries');
  if (y.tags?.maxentries !== undefined) c.tagsMaxEntries = positiveInt(y.tags.maxentries, 'tags.maxentries');
  const l = y.limits ?? {};
  if (l.manifestsize !== undefined) c.maxManifestBytes = positiveInt(l.manifestsize, 'limits.manifestsize');
  if (l.blobsize !== undefined) c.maxBlobBytes = positiveInt(l.blobsize, 'limits.blobsize', true);
  if (l.uploadsessions !== undefined) c.maxUploadSessions = positiveInt(l.uploadsessions, 'limits.uploadsessions');
}

function positiveInt(v: unknown, what: string, zeroOk = false): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < (zeroOk ? 0 : 1)) throw new ConfigError(`${what}: invalid number ${JSON.stringify(v)}`);
  return n;
}

/** Validates a log level name; ConfigError otherwise. */
export function checkLevel(v: string): LogLevel {
  if (['debug', 'info', 'warn', 'error', 'silent'].includes(v)) return v as LogLevel;
  throw new ConfigError(`invalid log level ${v}`);
}

/** Splits "HOST:PORT" (IPv6 in brackets); PORT 0 picks a free port. */
export function splitAddr(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!m) throw new ConfigError(`invalid address ${addr} (want HOST:PORT)`);
  const port = Number(m[3]);
  if (port > 65535) throw new ConfigError(`invalid port in ${addr}`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
