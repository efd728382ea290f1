/**
 * Real registries for integration tests: our own (`node dist/src/distribution/server/main.js serve`) and
 * Debian's `/usr/bin/docker-registry` (distribution 2.8.2), each as a child process on `127.0.0.1:<free
 * port>`, optionally inside a network namespace — a TestDaemon's `netns`, since a registry on the host's
 * loopback is not reachable from wharfd there. Options pick TLS (a test CA, a server cert for
 * 127.0.0.1/localhost, and a client cert), Basic auth from an htpasswd file, or token auth: the wharf
 * registry is its own issuer; docker-registry gets a token server (token-server.ts) in the same namespace.
 *
 * Everything lives in one temp dir (config, certs, storage) that `stop()` removes after killing the
 * processes. Servers bind port 0 and report the port, so parallel tests never race for one.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as toYaml } from 'yaml';
import { writeHtpasswd } from '../registry/helpers.js';
import { type ClientCert, type TlsFiles, makeSigningCert, makeTlsFiles } from './registry-certs.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { READY_LINE as TOKEN_READY, type TokenServerConfig } from './token-server.js';

export { writeCertsD, type ClientCert, type TlsFiles } from './registry-certs.js';

/** What to start. `htpasswd` and `token` exclude each other (distribution takes one auth scheme). */
export interface RegistryOptions {
  /** Network namespace file (e.g. `TestDaemon.netns`) to run in; the test's own namespace when unset. */
  netns?: string;
  /** Serve HTTPS with a fresh test CA (`caFile`); the token server, if any, too. */
  tls?: boolean;
  /** user → password: require Basic auth. */
  htpasswd?: Record<string, string>;
  /** Require Bearer tokens; `users` (user → password) may get them, anyone gets a token without access. */
  token?: { users: Record<string, string>; service?: string; issuer?: string };
  /** docker-registry only, with `tls`: refuse TLS clients without a certificate signed by the CA (`http.tls.clientcas`). */
  clientAuth?: boolean;
  /**
   * The IPv4 address to listen on (default 127.0.0.1); with `tls` the server certificate names it too.
   * Docker treats 127.0.0.0/8 as insecure (no TLS verification), so tests of verification need another one.
   */
  bind?: string;
}

/** A running registry. */
export interface RunningRegistry {
  kind: 'wharf' | 'docker';
  /** `127.0.0.1:PORT` (or the `bind` address), as image references name it. */
  host: string;
  /** `http(s)://127.0.0.1:PORT` */
  url: string;
  /** With `tls`: the CA that signed the server and client certificates (PEM). */
  caFile?: string;
  /** With `tls`: a client certificate pair signed by `caFile` (for certs.d `client.cert`/`client.key`). */
  client?: ClientCert;
  /** With `token`: where tokens come from (the realm of the registry's Bearer challenge). */
  token?: { realm: string; service: string; issuer: string };
  /** Its storage directory (inside the temp dir `stop()` removes), to look at what was pushed. */
  root: string;
  /** The registry's pid (inside `netns` when given). */
  pid: number;
  /** The registry's output so far (and the token server's, after a blank line). */
  log(): string;
  /** Kills the processes and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const WHARF_MAIN = fileURLToPath(new URL('../../src/distribution/server/main.js', import.meta.url));
const TOKEN_SERVER = fileURLToPath(new URL('./token-server.js', import.meta.url));
export const DOCKER_REGISTRY = '/usr/bin/docker-registry';

/** Temp dirs of fixtures not yet released, removed if the test process exits without stopping them. */
const unreleased = new Set<string>();
process.once('exit', () => {
  for (const d of unreleased) rmSync(d, { recursive: true, force: true });
});

/** The temp dir, certificates and processes of one registry; `release` undoes all of it. */
class Fixture {
  readonly procs: ServerProcess[] = [];
  tls?: TlsFiles;
  #stopped?: Promise<void>;
  private constructor(readonly dir: string) {
    unreleased.add(dir);
  }

  static async create(o: RegistryOptions): Promise<Fixture> {
    if (o.htpasswd && o.token) throw new Error('registry fixture: htpasswd and token auth exclude each other');
    if (o.clientAuth && !o.tls) throw new Error('registry fixture: clientAuth needs tls');
    const f = new Fixture(await mkdtemp(join(tmpdir(), 'wharf-regfix-')));
    try {
      if (o.tls) f.tls = await makeTlsFiles(f.dir, o.bind ? [o.bind] : []);
    } catch (e) {
      await f.release();
      throw e;
    }
    return f;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  async start(argv: string[], o: Parameters<typeof startServerProcess>[1]): Promise<string> {
    const { proc, ready } = await startServerProcess(argv, o);
    this.procs.push(proc);
    return ready;
  }

  release(): Promise<void> {
    this.#stopped ??= (async () => {
      for (const p of [...this.procs].reverse()) await p.stop();
      await rm(this.dir, { recursive: true, force: true });
      unreleased.delete(this.dir);
    })();
    return this.#stopped;
  }

  /** Runs `body`; on failure releases everything started so far before rethrowing. */
  async guard<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (e) {
      await this.release();
      throw e;
    }
  }

  running(kind: RunningRegistry['kind'], url: string, token?: RunningRegistry['token']): RunningRegistry {
    return {
      kind, url, host: new URL(url).host, root: this.path('root'), pid: this.procs[this.procs.length - 1]!.pid,
      ...(this.tls ? { caFile: this.tls.ca, client: this.tls.client } : {}),
      ...(token ? { token } : {}),
      log: () => [...this.procs].reverse().map((p) => p.log()).join('\n\n'),
      stop: () => this.release(),
    };
  }
}

/** Starts our own registry server (`wharf registry serve`) with a YAML config in its temp dir. */
export async function startWharfRegistry(o: RegistryOptions = {}): Promise<RunningRegistry> {
  if (o.clientAuth) throw new Error('registry fixture: the wharf registry does not check client certificates');
  const f = await Fixture.create(o);
  return f.guard(async () => {
    const service = o.token?.service ?? 'wharf-registry';
    const issuer = o.token?.issuer ?? 'wharf-registry';
    const users = o.htpasswd ?? o.token?.users;
    if (users) await writeHtpasswd(f.path('htpasswd'), users);
    const config = {
      log: { level: 'info' },
      storage: { filesystem: { rootdirectory: f.path('root') } },
      http: { addr: `${o.bind ?? '127.0.0.1'}:0`, ...(f.tls ? { tls: { certificate: f.tls.cert, key: f.tls.key } } : {}) },
      auth: o.token ? { token: { service, issuer, htpasswd: f.path('htpasswd') } }
        : o.htpasswd ? { htpasswd: { realm: 'wharf-registry', path: f.path('htpasswd') } } : undefined,
    };
    await writeFile(f.path('config.yml'), toYaml(config));
    const url = await f.start([process.execPath, WHARF_MAIN, 'serve', '--config', f.path('config.yml')], {
      name: 'wharf registry', netns: o.netns, ready: /"listening" url="([^"]+)"/,
    });
    return f.running('wharf', url, o.token ? { realm: `${url}/auth/token`, service, issuer } : undefined);
  });
}

/** Starts distribution 2.8.2 (`docker-registry serve config.yml`), and its token server when `token` is set. */
export async function startDockerRegistry(o: RegistryOptions = {}): Promise<RunningRegistry> {
  const f = await Fixture.create(o);
  return f.guard(async () => {
    const token = o.token ? await startTokenServer(f, o, o.token) : undefined;
    if (o.htpasswd) await writeHtpasswd(f.path('htpasswd'), o.htpasswd);
    const tls = f.tls ? { certificate: f.tls.cert, key: f.tls.key, ...(o.clientAuth ? { clientcas: [f.tls.ca] } : {}) } : undefined;
    const config = {
      version: 0.1,
      log: { level: 'info', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: f.path('root') } },
      http: { addr: `${o.bind ?? '127.0.0.1'}:0`, secret: randomBytes(16).toString('hex'), ...(tls ? { tls } : {}) },
      auth: token ? { token: { realm: token.realm, service: token.service, issuer: token.issuer, rootcertbundle: token.bundle } }
        : o.htpasswd ? { htpasswd: { realm: 'docker-registry', path: f.path('htpasswd') } } : undefined,
    };
    await writeFile(f.path('config.yml'), toYaml(config));
    const addr = await f.start([DOCKER_REGISTRY, 'serve', f.path('config.yml')], {
      name: 'docker-registry', netns: o.netns, ready: /msg="listening on ([0-9.]+:\d+)/, env: withoutRegistryEnv(),
    });
    const url = `${f.tls ? 'https' : 'http'}://${addr}`;
    return f.running('docker', url, token ? { realm: token.realm, service: token.service, issuer: token.issuer } : undefined);
  });
}

/** Starts token-server.js beside the registry (same namespace, same TLS certificate). */
async function startTokenServer(f: Fixture, o: RegistryOptions, t: NonNullable<RegistryOptions['token']>) {
  const signer = await makeSigningCert(f.dir);
  const cfg: TokenServerConfig = {
    issuer: t.issuer ?? 'wharf-test-issuer', service: t.service ?? 'wharf-test-registry', users: t.users,
    signingKey: signer.key, signingCert: signer.cert, ...(f.tls ? { tls: { cert: f.tls.cert, key: f.tls.key } } : {}),
  };
  await writeFile(f.path('token-server.json'), JSON.stringify(cfg));
  const base = await f.start([process.execPath, TOKEN_SERVER, f.path('token-server.json')], { name: 'token server', netns: o.netns, ready: TOKEN_READY });
  return { realm: `${base}/token`, service: cfg.service, issuer: cfg.issuer, bundle: signer.cert };
}

/** distribution reads `REGISTRY_*` variables as config overrides: keep the caller's out. */
function withoutRegistryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
}
