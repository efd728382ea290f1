/**
 * Starts containers under conmon, one monitor per container, as podman does. conmon runs
 * `runc create`, reports the container's pid on the sync pipe, then holds the container's stdio:
 * it writes the log (k8s-file), serves the attach socket (SOCK_SEQPACKET, `<bundle>/attach`),
 * takes control messages on `<bundle>/ctl` (ctl.ts), and writes the exit code to `<exitDir>/<id>`
 * (exits.ts). conmon outlives the daemon, so containers survive a daemon restart.
 *
 * Exec sessions run the same way in conmon's exec mode (`--exec --exec-process-spec`): a monitor
 * per session with its own bundle, log, attach socket and ctl FIFO, running `runc exec`. It writes
 * two messages on the sync pipe: the pid, then (after its output is drained into the log) the exit
 * code, which it also leaves in `<bundle>/exit` (`--persist-dir`).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { RuntimeError } from '../runtime.js';
import { runcMessage, type Runc } from '../runc/runc.js';

export interface ConmonPaths { conmon: string; exitDir: string; }

export interface ConmonOptions {
  id: string;
  name: string;
  bundle: string;
  logPath: string;
  logSizeMax?: number;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
}

/** An exec session's monitor: `id` is the session's, `containerId` the container it joins. */
export interface ConmonExecOptions extends ConmonOptions {
  containerId: string;
  /** The process spec file (`runc exec --process`). */
  processSpec: string;
}

/** A started exec session: its pid, and its exit code once it ends (undefined when the monitor died first). */
export interface ConmonExecution { pid: number; exited: Promise<number | undefined> }

export class Conmon {
  constructor(readonly paths: ConmonPaths, readonly runc: Runc) {}

  /** The arguments containers and exec sessions share; `cid` is the runtime's container, `uuid` the monitor's. */
  #args(o: ConmonOptions, cid: string): string[] {
    const args = [
      '--api-version', '1', '-c', cid, '-u', o.id, '-n', o.name,
      '-r', this.runc.binary, '-b', o.bundle, '-p', join(o.bundle, 'pidfile'),
      '--full-attach', '--socket-dir-path', o.bundle,
      '-l', `k8s-file:${o.logPath}`, '--log-level', 'error', '--syslog',
      '--conmon-pidfile', join(o.bundle, 'conmon.pid'),
      '--runtime-arg', '--log-format=json', '--runtime-arg', '--log', '--runtime-arg', join(o.bundle, 'runc.log'),
    ];
    for (const g of this.runc.globalArgs()) args.push('--runtime-arg', g);
    if (o.logSizeMax) args.push('--log-size-max', String(o.logSizeMax));
    if (o.tty) args.push('-t');
    if (o.openStdin) args.push('-i');
    if (o.openStdin && !o.stdinOnce) args.push('--leave-stdin-open');
    return args;
  }

  #spawn(args: string[], bundle: string) {
    return spawn(this.paths.conmon, args, {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4' },
      cwd: bundle,
    });
  }

  /**
   * Runs an exec session (conmon + `runc exec`); resolves once the process runs. Rejects with a
   * RuntimeError carrying runc's message when it cannot start. The exit code comes on the sync
   * pipe after conmon has drained the process's output into the log; its exit file is `<bundle>/exit`.
   */
  async exec(o: ConmonExecOptions): Promise<ConmonExecution> {
    // The log is transient (removed with the session): no fsync at exit.
    const args = [...this.#args(o, o.containerId), '--persist-dir', o.bundle, '--no-sync-log', '-e', '--exec-process-spec', o.processSpec];
    const child = this.#spawn(args, o.bundle);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    (child.stdio[4] as Writable).end(Buffer.from([0]));
    child.unref();
    const messages = syncMessages(child.stdio[3] as Readable);
    const first = (await messages.next()).value;
    if (!first || first.data === undefined || first.data < 0) {
      const fromLog = runcMessage(await readFile(join(o.bundle, 'runc.log'), 'utf8').catch(() => ''));
      throw new RuntimeError(first?.message?.trim() || fromLog || stderr.trim() || 'conmon failed to run the exec process', stderr);
    }
    const exited = messages.next().then((r) => r.value?.data, () => undefined);
    return { pid: first.data, exited };
  }

  /**
   * Creates the container (conmon + `runc create`) and returns its pid. Rejects with a
   * RuntimeError carrying runc's message when the runtime fails (e.g. executable not found).
   */
  async create(o: ConmonOptions): Promise<number> {
    const child = this.#spawn([...this.#args(o, o.id), '--exit-dir', this.paths.exitDir], o.bundle);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const sync = child.stdio[3] as Readable;
    const start = child.stdio[4] as Writable;
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    start.end(Buffer.from([0]));
    const msg = await readSyncMessage(sync);
    await exited;
    child.unref();
    if (!msg || msg.data === undefined || msg.data < 0) {
      const fromLog = runcMessage(await readFile(join(o.bundle, 'runc.log'), 'utf8').catch(() => ''));
      const message = fromLog || msg?.message || stderr.trim() || 'conmon failed to create the container';
      throw new RuntimeError(message, stderr);
    }
    return msg.data;
  }
}

interface SyncMessage { data?: number; message?: string }

/** conmon's sync pipe messages (one JSON object per line), until EOF; the pipe is closed at the end. */
async function* syncMessages(sync: Readable): AsyncGenerator<SyncMessage, undefined> {
  let text = '';
  try {
    for await (const chunk of sync) {
      text += chunk.toString();
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        const msg = parseSync(line);
        if (msg) yield msg;
      }
    }
    const last = parseSync(text);
    if (last) yield last;
    return undefined;
  } finally {
    sync.destroy();
  }
}

function parseSync(line: string): SyncMessage | undefined {
  try {
    return line.trim() ? (JSON.parse(line) as SyncMessage) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads conmon's sync pipe to EOF and returns the first JSON message ({"data": pid} on success). */
async function readSyncMessage(sync: Readable): Promise<SyncMessage | undefined> {
  let text = '';
  for await (const chunk of sync) {
    text += chunk.toString();
    const first = firstJson(text);
    if (first) {
      sync.destroy();
      return first;
    }
  }
  return firstJson(text);
}

function firstJson(text: string): SyncMessage | undefined {
  const end = text.indexOf('}');
  if (end < 0) return undefined;
  try {
    return JSON.parse(text.slice(text.indexOf('{'), end + 1)) as SyncMessage;
  } catch {
    return undefined;
  }
}
