/**
 * Registry credentials as the docker CLI keeps them: per registry key, in the config file's
 * `auths` (plain, base64) or in a credential helper — `credHelpers[key]` when set, else
 * `credsStore` — with an empty `auths` entry left in the file as a marker, as docker leaves one.
 *
 * Keys are what docker uses: `https://index.docker.io/v1/` for Docker Hub, the bare host[:port]
 * for every other registry (`convertToHostname` strips a scheme and path). A key not found as
 * written matches a file entry whose hostname form equals it (entries saved by old clients as
 * `https://host/v1/`). Storing identical credentials again leaves the file untouched; storing a
 * password in the file prints docker's "stored unencrypted" warning (once: a CLI run opens one Credentials).
 */
import type { AuthConfig } from '../client/auth.js';
import { compact, loadConfig, saveConfig, type DockerConfig } from './config-file.js';
import { helperErase, helperGet, helperStore, TOKEN_USERNAME } from './credential-helper.js';

/** Docker Hub's key in `auths` and in helpers (moby's registry.IndexServer). */
export const HUB_KEY = 'https://index.docker.io/v1/';
const HUB_DOMAINS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://host:5000/v2/` → `host:5000` (docker's ConvertToHostname). */
export function convertToHostname(address: string): string {
  if (address.includes('://')) {
    try {
      const u = new URL(address);
      if (u.hostname !== '') return u.host;
    } catch {
      // not a URL after all: cut at the first slash below
    }
  }
  return address.split('/')[0] ?? '';
}

/** The credentials key of a registry domain (`docker.io` → the Hub key). */
export function registryKey(domain: string): string {
  return HUB_DOMAINS.has(domain) ? HUB_KEY : domain;
}

/** Where to print warnings and whose environment helpers run in. */
export interface CredentialsOptions {
  env: NodeJS.ProcessEnv;
  warn: (text: string) => void;
}

/** Storage of one registry's credentials. */
interface Store {
  get(key: string): Promise<AuthConfig>;
  store(auth: AuthConfig): Promise<void>;
  erase(key: string): Promise<void>;
}

/** The credentials of one config directory. Not safe for concurrent writers in one process. */
export class Credentials {
  readonly #cfg: DockerConfig;
  readonly #o: CredentialsOptions;
  #warned = false;

  private constructor(cfg: DockerConfig, o: CredentialsOptions) {
    this.#cfg = cfg;
    this.#o = o;
  }

  /** Loads the config file of `dir` (a bad file is warned about and read as empty). */
  static async open(dir: string, o: CredentialsOptions): Promise<Credentials> {
    return new Credentials(await loadConfig(dir, o.warn), o);
  }

  /** The config file's path. */
  get path(): string {
    return this.#cfg.path;
  }

  /** The credentials stored under `key`; `{}` when there are none. */
  get(key: string): Promise<AuthConfig> {
    return this.#storeFor(key).get(key);
  }

  /** What the config file itself holds for `key` (with a helper: its marker entry, non-secret fields only). */
  fileEntry(key: string): Promise<AuthConfig> {
    return this.#fileStore().get(key);
  }

  /** Stores `auth` under `auth.serveraddress`. */
  store(auth: AuthConfig): Promise<void> {
    return this.#storeFor(auth.serveraddress ?? '').store(auth);
  }

  /** Removes what is stored under `key` (nothing stored is not an error for the file). */
  erase(key: string): Promise<void> {
    return this.#storeFor(key).erase(key);
  }

  #storeFor(key: string): Store {
    const helper = (key !== '' ? this.#cfg.credHelpers[key] : undefined) ?? this.#cfg.credsStore;
    return helper ? this.#helperStore(helper) : this.#fileStore();
  }

  #fileStore(): Store {
    const auths = this.#cfg.auths;
    return {
      get: async (key) => auths[key] ?? Object.entries(auths).find(([k]) => convertToHostname(k) === key)?.[1] ?? {},
      store: async (auth) => {
        const key = auth.serveraddress ?? '';
        const next = compact({ ...auth, serveraddress: key });
        if (sameAuth(auths[key], next)) return;
        auths[key] = next;
        await saveConfig(this.#cfg);
        if (next.password) this.#warnUnencrypted();
      },
      erase: async (key) => {
        if (!(key in auths)) return;
        delete auths[key];
        await saveConfig(this.#cfg);
      },
    };
  }

  #helperStore(name: string): Store {
    const file = this.#fileStore();
    const env = this.#o.env;
    return {
      get: async (key) => {
        const entry = await file.get(key); // docker keeps non-secret fields (email) in the file
        const creds = await helperGet(name, key, env);
        if (!creds) return compact({ ...entry, username: '', password: '', identitytoken: '', serveraddress: '' });
        const secret = creds.Username === TOKEN_USERNAME ? { identitytoken: creds.Secret } : { username: creds.Username, password: creds.Secret };
        return compact({ ...entry, username: '', password: '', identitytoken: '', ...secret, serveraddress: key });
      },
      store: async (auth) => {
        const token = auth.identitytoken ?? '';
        const ServerURL = auth.serveraddress ?? '';
        await helperStore(name, token ? { ServerURL, Username: TOKEN_USERNAME, Secret: token } : { ServerURL, Username: auth.username ?? '', Secret: auth.password ?? '' }, env);
        await file.store(compact({ ...auth, username: '', password: '', identitytoken: '' }));
      },
      erase: async (key) => {
        await helperErase(name, key, env);
        await file.erase(key);
      },
    };
  }

  #warnUnencrypted(): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#o.warn(`\nWARNING! Your credentials are stored unencrypted in '${this.#cfg.path}'.\n`
      + 'Configure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n');
  }
}

function sameAuth(a: AuthConfig | undefined, b: AuthConfig): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AuthConfig>;
  return [...keys].every((k) => a[k] === b[k]);
}
