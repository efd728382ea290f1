/**
 * Direct calls to the OCI runtime CLI (runc) for the operations conmon does not do: start, kill,
 * delete, state. Each container's state lives under `--root <exec-root>/runc`, so daemons with
 * different exec-roots never see each other's containers.
 */
import { execFile } from 'node:child_process';

export interface RuntimeState { id: string; pid: number; status: 'creating' | 'created' | 'running' | 'stopped' | 'paused' }

export class RuntimeError extends Error {
  constructor(message: string, readonly stderr: string) {
    super(message);
  }
}

export class Runc {
  constructor(readonly binary: string, readonly root: string) {}

  /** The global flags conmon must pass to the runtime too. */
  globalArgs(): string[] {
    return ['--root', this.root];
  }

  #run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.binary, [...this.globalArgs(), ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) reject(new RuntimeError(runcMessage(stderr) || err.message, stderr));
        else resolve(stdout);
      });
    });
  }

  async start(id: string): Promise<void> {
    await this.#run(['start', id]);
  }

  async kill(id: string, signal: string | number, all = false): Promise<void> {
    await this.#run(['kill', ...(all ? ['--all'] : []), id, String(signal)]);
  }

  async delete(id: string, force = false): Promise<void> {
    await this.#run(['delete', ...(force ? ['--force'] : []), id]);
  }

  /** Every container the runtime knows under this root (one process, whatever their number). */
  async list(): Promise<RuntimeState[]> {
    const out = await this.#run(['list', '--format', 'json']);
    return (JSON.parse(out || 'null') as RuntimeState[] | null) ?? [];
  }

  /** The runtime's view, or undefined when it does not know the container. */
  async state(id: string): Promise<RuntimeState | undefined> {
    try {
      return JSON.parse(await this.#run(['state', id])) as RuntimeState;
    } catch (e) {
      if (e instanceof RuntimeError && /does not exist|not exist/.test(e.stderr + e.message)) return undefined;
      throw e;
    }
  }
}

/** runc logs JSON lines (`--log-format json`) or plain text; pull out the last error message. */
export function runcMessage(output: string): string {
  const lines = output.trim().split('\n').filter(Boolean);
  for (const line of lines.reverse()) {
    try {
      const j = JSON.parse(line) as { level?: string; msg?: string };
      if (j.level === 'error' && j.msg) return j.msg;
    } catch {
      const m = /level=error msg="(.*)"/.exec(line);
      if (m?.[1]) return m[1].replace(/\\"/g, '"');
      return line;
    }
  }
  return '';
}
