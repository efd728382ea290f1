/**
 * Starts containers under conmon, one monitor per container, as podman does. conmon runs
 * `runc create`, reports the container's pid on the sync pipe, then holds the container's stdio:
 * it writes the log (k8s-file), serves the attach socket (SOCK_SEQPACKET, `<bundle>/attach`),
 * takes control messages on `<bundle>/ctl` (ctl.ts), and writes the exit code to `<exitDir>/<id>`
 * (exits.ts). conmon outlives the daemon, so containers survive a daemon restart.
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

export class Conmon {
  constructor(readonly paths: ConmonPaths, readonly runc: Runc) {}

  #args(o: ConmonOptions): string[] {
    const args = [
      '--api-version', '1', '-c', o.id, '-u', o.id, '-n', o.name,
      '-r', this.runc.binary, '-b', o.bundle, '-p', join(o.bundle, 'pidfile'),
      '--exit-dir', this.paths.exitDir, '--full-attach', '--socket-dir-path', o.bundle,
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

  /**
   * Creates the container (conmon + `runc create`) and returns its pid. Rejects with a
   * RuntimeError carrying runc's message when the runtime fails (e.g. executable not found).
   */
  async create(o: ConmonOptions): Promise<number> {
    const child = spawn(this.paths.conmon, this.#args(o), {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4' },
      cwd: o.bundle,
    });
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
