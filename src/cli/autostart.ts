/**
 * Starting `wharfd` when nothing answers on the default socket, so that a first `wharf run` just
 * works. The daemon runs detached with its output in `/run/wharf/wharfd.log`; the CLI polls `_ping`
 * for up to 10 seconds. Only for the default host, and never with `WHARF_NO_AUTOSTART=1`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, openSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectionError } from '../client/errors.js';
import type { Transport } from '../client/transport.js';

/** Where the autostarted daemon writes its output. */
export const DAEMON_LOG = '/run/wharf/wharfd.log';
const WAIT_MS = 10_000;
const POLL_MS = 50;

/** Options of ensureDaemon. */
export interface EnsureDaemonOptions {
  autostart: boolean;
  debug: boolean;
  log: (s: string) => void;
  /** The daemon command line; default: daemonCommand(). */
  command?: string[];
  /** Where the daemon's output goes; default DAEMON_LOG. */
  logFile?: string;
}

/**
 * Negotiates the API version; on ConnectionError starts the daemon (if allowed) and waits for it.
 * Resolves to the pid of a daemon it started, or undefined when one was already answering.
 */
export async function ensureDaemon(t: Transport, o: EnsureDaemonOptions): Promise<number | undefined> {
  try {
    await t.version();
    return undefined;
  } catch (e) {
    if (!(e instanceof ConnectionError) || !o.autostart) throw e;
  }
  const cmd = o.command ?? daemonCommand();
  if (!cmd) throw new ConnectionError(t.address.url);
  if (o.debug) o.log(`starting ${cmd.join(' ')}\n`);
  const child = startDetached(cmd, o.logFile ?? DAEMON_LOG);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await t.version();
      return child.pid;
    } catch (e) {
      const gone = child.exitCode !== null || child.signalCode !== null;
      if (!(e instanceof ConnectionError) || gone || Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The daemon next to this CLI (`dist/src/daemon/main.js`), else `wharfd` from PATH. */
export function daemonCommand(): string[] | undefined {
  const sibling = join(dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');
  if (existsSync(sibling)) return [process.execPath, sibling];
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const p = join(dir, 'wharfd');
    try {
      accessSync(p, constants.X_OK);
      return [p];
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function startDetached(cmd: string[], logFile: string): ChildProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd[0] as string, cmd.slice(1), { detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  return child;
}
