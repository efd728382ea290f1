/**
 * htpasswd files with bcrypt hashes (`user:$2y$…`, as `htpasswd -B` writes them), and Basic auth
 * against one. The file is re-read when its mtime changes. bcrypt in JS costs tens of ms, so a
 * successful check is remembered for a minute, keyed by user and a SHA-256 of the password.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import bcrypt from 'bcryptjs';
import { RegistryError } from '../errors.js';
import { type Access, type Authenticator, type Principal, authorization, decodeBasic } from './access.js';

const CACHE_MS = 60_000;

/** Thrown for an htpasswd file that cannot be used. */
export class HtpasswdError extends Error {
  readonly code = 'HTPASSWD_INVALID';
}

/** Parses htpasswd text into user → bcrypt hash. Non-bcrypt entries are refused. */
export function parseHtpasswd(text: string): Map<string, string> {
  const users = new Map<string, string>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const hash = line.slice(colon + 1);
    if (colon <= 0 || !/^\$2[abxy]\$\d\d\$/.test(hash)) {
      throw new HtpasswdError(`htpasswd line ${i + 1}: only bcrypt entries are supported`);
    }
    users.set(line.slice(0, colon), hash);
  }
  return users;
}

/** A user database backed by an htpasswd file. */
export class Htpasswd {
  readonly #path: string;
  #users = new Map<string, string>();
  #mtime = -1;
  #verified = new Map<string, number>();

  constructor(path: string) {
    this.#path = path;
  }

  /** Whether `user` has `password`. Never throws for bad credentials; throws if the file is unusable. */
  async verify(user: string, password: string): Promise<boolean> {
    await this.#reload();
    const hash = this.#users.get(user);
    if (!hash) return false;
    const key = `${user}\0${createHash('sha256').update(password).digest('hex')}\0${hash}`;
    const until = this.#verified.get(key);
    if (until !== undefined && until > Date.now()) return true;
    const ok = await bcrypt.compare(password, hash.replace(/^\$2y\$/, '$2b$'));
    if (ok) this.#verified.set(key, Date.now() + CACHE_MS);
    return ok;
  }

  async #reload(): Promise<void> {
    const st = await stat(this.#path);
    if (st.mtimeMs === this.#mtime) return;
    this.#users = parseHtpasswd(await readFile(this.#path, 'utf8'));
    this.#mtime = st.mtimeMs;
    this.#verified.clear();
  }
}

/** Basic auth: every request carries `Authorization: Basic …` checked against the htpasswd file. */
export class BasicAuthenticator implements Authenticator {
  readonly #db: Htpasswd;
  readonly #realm: string;
  constructor(db: Htpasswd, realm: string) {
    this.#db = db;
    this.#realm = realm;
  }

  async authenticate(req: IncomingMessage, _access: Access[]): Promise<Principal> {
    const cred = authorization(req, 'Basic');
    const parsed = cred ? decodeBasic(cred) : undefined;
    if (parsed && (await this.#db.verify(parsed.user, parsed.password))) return { name: parsed.user };
    throw new RegistryError('UNAUTHORIZED', {
      headers: { 'WWW-Authenticate': `Basic realm="${this.#realm}"` },
      detail: cred ? 'invalid username or password' : null,
    });
  }
}
