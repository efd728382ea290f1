/**
 * Direct calls to the runc CLI for what conmon does not do: start, kill, delete, state, list,
 * pause, resume, update. Each container's state lives under `--root <exec-root>/runc`, so daemons
 * with different exec-roots never see each other's containers.
 */
import { execFile } from 'node:child_process';
import { RuntimeError, type RuntimeResources, type RuntimeState } from '../runtime.js';

export class Runc {
  constructor(readonly binary: string, readonly root: string) {}

  /** The global flags conmon must pass to the runtime too. */
  globalArgs(): string[] {
    return ['--root', this.root];
  }

  #run(args: string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(this.binary, [...this.globalArgs(), ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
        if (err) reject(new RuntimeError(runcMessage(stderr) || err.message, stderr));
        else resolve(stdout);
      });
      child.stdin?.end(input);
    });
  }

  async start(id: string): Promise<void> {
    await this.#run(['start', id]);
  }

  async kill(id: string, signal: number, all = false): Promise<void> {
    await this.#run(['kill', ...(all ? ['--all'] : []), id, String(signal)]);
  }

  async delete(id: string): Promise<void> {
    await this.#run(['delete', '--force', id]);
  }

  async pause(id: string): Promise<void> {
    await this.#run(['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.#run(['resume', id]);
  }

  /** Applies `resources` (OCI LinuxResources JSON) to a running container. */
  async update(id: string, resources: RuntimeResources): Promise<void> {
    await this.#run(['update', '--resources', '-', id], JSON.stringify(resources));
  }

  async list(): Promise<RuntimeState[]> {
    const out = await this.#run(['list', '--format', 'json']);
    return (JSON.parse(out || 'null') as RuntimeState[] | null) ?? [];
  }

  /** The runtime's view, or undefined when it does not know the container. */
  async state(id: string): Promise<RuntimeState | undefined> {
    try {
      return JSON.parse(await this.#run(['state', id])) as RuntimeState;
    } catch (e) {
      if (e instanceof RuntimeError && isUnknownContainer(e)) return undefined;
      throw e;
    }
  }
}

/** runc's answer for a container it does not know. */
export function isUnknownContainer(e: RuntimeError): boolean {
  return /does not exist|not exist/.test(e.stderr + e.message);
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
