/**
 * What every command gets: the standard streams, the global options, and a lazily connected
 * Engine API transport (version negotiated, daemon autostarted when allowed).
 */
import type { Transport } from '../client/transport.js';

/** The process streams a command uses (replaceable in tests). */
export interface CliIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Options given before the command name. */
export interface GlobalOptions {
  /** Daemon address, e.g. `unix:///run/wharf/wharf.sock`. */
  host: string;
  /** Whether the user chose the host (`-H`, WHARF_HOST, DOCKER_HOST); no autostart then. */
  hostExplicit: boolean;
  debug: boolean;
  logLevel: string;
  /** `--config DIR`: the client config directory; empty means $DOCKER_CONFIG or ~/.docker. */
  config?: string;
}

/** Per-invocation state shared by the command modules. */
export class CliContext {
  /** The program name used in messages (`wharf run --help`). */
  readonly program = 'wharf';
  readonly io: CliIO;
  readonly global: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  #transport: Promise<Transport> | undefined;
  #opened: Transport | undefined;

  constructor(o: { io: CliIO; global: GlobalOptions; env: NodeJS.ProcessEnv }) {
    this.io = o.io;
    this.global = o.global;
    this.env = o.env;
  }

  /** Writes to stdout. */
  out(s: string): void {
    this.io.stdout.write(s);
  }

  /** Writes to stderr. */
  err(s: string): void {
    this.io.stderr.write(s);
  }

  /** Terminal width for help and progress (80 when not a terminal). */
  columns(): number {
    return this.io.stdout.isTTY ? (this.io.stdout.columns ?? 80) : 80;
  }

  /** The connected transport: the API version is negotiated; the daemon is started if needed and allowed. */
  transport(): Promise<Transport> {
    this.#transport ??= this.#connect();
    return this.#transport;
  }

  /** Releases keep-alive sockets so the process can exit. */
  close(): void {
    this.#opened?.close();
  }

  async #connect(): Promise<Transport> {
    const [{ Transport: T, parseDaemonHost }, { ConnectionError }] = await Promise.all([import('../client/transport.js'), import('../client/errors.js')]);
    const t = new T(parseDaemonHost(this.global.host));
    this.#opened = t;
    try {
      await t.version();
    } catch (e) {
      if (!(e instanceof ConnectionError)) throw e;
      const { ensureDaemon } = await import('./autostart.js');
      const autostart = !this.global.hostExplicit && this.env['WHARF_NO_AUTOSTART'] !== '1';
      await ensureDaemon(t, { autostart, debug: this.global.debug, log: (s) => this.err(s) });
    }
    return t;
  }
}
