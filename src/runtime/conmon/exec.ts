/**
 * Exec sessions on conmon: each runs under its own monitor (conmon's exec mode) with its own bundle
 * `<root>/e/<session>/` holding the process spec, the log, the attach socket, the ctl FIFO, the pid
 * and exit files, and `container` (whose session it is, so a container's deletion finds sessions a
 * previous daemon started). The bundle stays until the session is deleted, so the log can be read
 * after the process ended.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { killTree } from '../../sys/proc-tree.js';
import type { ExecProcess, ExecRequest } from '../runtime.js';
import type { Conmon } from './conmon.js';
import { sendResize } from './ctl.js';

/** How long a deletion waits for a killed session's monitor to record its exit. */
const EXIT_WAIT_MS = 5000;
const SIGKILL = 9;

interface Session { containerId: string; bundle: string; pid: number; exited: Promise<number> }

class ConmonExecProcess implements ExecProcess {
  readonly containerId: string;
  readonly bundle: string;
  readonly pid: number;
  readonly exited: Promise<number>;
  readonly logPath: string;
  readonly attachSocketPath: string;
  #ended = false;
  #deleted?: Promise<void>;

  constructor(s: Session, readonly onDelete: () => void) {
    ({ containerId: this.containerId, bundle: this.bundle, pid: this.pid, exited: this.exited } = s);
    this.logPath = join(s.bundle, 'log');
    this.attachSocketPath = join(s.bundle, 'attach');
    void s.exited.then(() => (this.#ended = true));
  }

  async kill(signal: number, o: { tree?: boolean } = {}): Promise<void> {
    if (this.#ended) return; // its pid may be another process's by now
    if (o.tree) return killTree(this.pid, signal);
    try { process.kill(this.pid, signal); } catch { /* it just ended */ }
  }

  resize(size: { height: number; width: number }): Promise<void> {
    return sendResize(this.bundle, size.height, size.width);
  }

  delete(): Promise<void> {
    this.#deleted ??= (async () => {
      await this.kill(SIGKILL, { tree: true });
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, EXIT_WAIT_MS).unref())]);
      await rm(this.bundle, { recursive: true, force: true });
      this.onDelete();
    })();
    return this.#deleted;
  }
}

/** The exec sessions of one runtime root. */
export class ConmonExecs {
  readonly #live = new Map<string, ConmonExecProcess>();

  constructor(readonly root: string, readonly conmon: Conmon) {}

  #bundle(id: string): string {
    return join(this.root, id);
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const id of readdirSync(this.root)) {
      if (!monitorAlive(this.#bundle(id))) await rm(this.#bundle(id), { recursive: true, force: true });
    }
  }

  async run(req: ExecRequest): Promise<ExecProcess> {
    const bundle = this.#bundle(req.id);
    await mkdir(bundle, { recursive: true });
    const processSpec = join(bundle, 'process.json');
    await Promise.all([writeFile(processSpec, JSON.stringify(req.process)), writeFile(join(bundle, 'container'), req.containerId)]);
    try {
      const run = await this.conmon.exec({
        id: req.id, containerId: req.containerId, name: req.name, bundle, processSpec, logPath: join(bundle, 'log'),
        tty: Boolean(req.process.terminal), openStdin: req.openStdin, stdinOnce: true, ...(req.logSizeMax ? { logSizeMax: req.logSizeMax } : {}),
      });
      const exited = run.exited.then((code) => code ?? exitFile(bundle));
      const p = new ConmonExecProcess({ containerId: req.containerId, bundle, pid: run.pid, exited }, () => this.#live.delete(req.id));
      this.#live.set(req.id, p);
      return p;
    } catch (e) {
      await rm(bundle, { recursive: true, force: true });
      throw e;
    }
  }

  /** Ends and removes every session of `containerId`, this daemon's and those a previous one left. */
  async deleteOf(containerId: string): Promise<void> {
    const mine = [...this.#live.values()].filter((p) => p.containerId === containerId);
    await Promise.all(mine.map((p) => p.delete()));
    for (const id of existsSync(this.root) ? readdirSync(this.root) : []) {
      const bundle = this.#bundle(id);
      if (this.#live.has(id) || readText(join(bundle, 'container')) !== containerId) continue;
      const pid = Number(readText(join(bundle, 'pid')));
      if (pid > 0 && monitorAlive(bundle)) killTree(pid, SIGKILL);
      await rm(bundle, { recursive: true, force: true });
    }
  }
}

function readText(path: string): string {
  try { return readFileSync(path, 'utf8').trim(); } catch { return ''; }
}

/** The exit code conmon left in the bundle, or -1. */
function exitFile(bundle: string): number {
  const text = readText(join(bundle, 'exit'));
  return /^-?\d+$/.test(text) ? Number(text) : -1;
}

/** Whether the session's monitor still runs. */
function monitorAlive(bundle: string): boolean {
  const pid = Number(readText(join(bundle, 'conmon.pid')));
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return readText(`/proc/${pid}/comm`) === 'conmon';
  } catch {
    return false;
  }
}
