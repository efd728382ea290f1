/**
 * Runs the netavark binary once: `netavark --config <dir> --rootless false --aardvark-binary <path>
 * setup|teardown <netns>`, with the options as JSON on stdin and the answer as JSON on stdout.
 * netavark makes its bridge, firewall rules and aardvark-dns in the network namespace it runs in;
 * `hostNetns` runs it inside another namespace (through nsenter), which is how tests keep all of it
 * off the real host.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { NetavarkError, parseNetavarkOutput } from './errors.js';

/** Where netavark and its helpers are, and where it keeps its state. */
export interface NetavarkRunnerConfig {
  /** The netavark binary (Debian: /usr/lib/podman/netavark). */
  binary: string;
  /** aardvark-dns, which netavark starts for networks with `dns_enabled` (Debian: /usr/lib/podman/aardvark-dns). */
  aardvarkBinary: string;
  /** netavark's `--config`: its lock and aardvark-dns's config dir live here; a tmpfs path such as /run/wharf/networks. */
  configDir: string;
  /** A namespace file to run netavark in; the caller's own network namespace when absent. */
  hostNetns?: string;
  /** Milliseconds before a call is killed; 30 s when absent. */
  timeoutMs?: number;
  /** nsenter, used only with `hostNetns`. */
  nsenter?: string;
}

export type NetavarkCommand = 'setup' | 'teardown';

// netavark's answers are a few KB; more than this is not an answer.
const MAX_OUTPUT = 1 << 20;

export class NetavarkRunner {
  constructor(readonly config: NetavarkRunnerConfig) {}

  /** The argv of one call, nsenter included when it runs in `hostNetns`. */
  argv(command: NetavarkCommand, netnsPath: string): string[] {
    const c = this.config;
    const own = [c.binary, '--config', c.configDir, '--rootless', 'false', '--aardvark-binary', c.aardvarkBinary, command, netnsPath];
    return c.hostNetns ? [c.nsenter ?? 'nsenter', `--net=${c.hostNetns}`, '--', ...own] : own;
  }

  /** Runs one command with `input` on stdin and resolves with its stdout; throws NetavarkError. */
  async run(command: NetavarkCommand, netnsPath: string, input: unknown, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw new NetavarkError('ABORTED', `${command} aborted before it started`);
    // netavark 1.4 makes <config>/aardvark-dns but not <config> itself, and fails without it.
    await mkdir(this.config.configDir, { recursive: true, mode: 0o700 });
    return this.#spawn(command, netnsPath, input, signal);
  }

  #spawn(command: NetavarkCommand, netnsPath: string, input: unknown, signal?: AbortSignal): Promise<string> {
    const [file, ...args] = this.argv(command, netnsPath);
    return new Promise((resolve, reject) => {
      const child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out = collect(child.stdout);
      const err = collect(child.stderr);
      let killed: NetavarkError | undefined;
      const kill = (e: NetavarkError): void => {
        killed ??= e;
        child.kill('SIGKILL');
      };
      const timeoutMs = this.config.timeoutMs ?? 30_000;
      const timer = setTimeout(() => kill(new NetavarkError('TIMEOUT', `${command} took longer than ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => kill(new NetavarkError('ABORTED', `${command} aborted`));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort(); // it fired while the config dir was being made
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      child.on('error', (e) => {
        done();
        reject(new NetavarkError('SPAWN', `cannot run ${file}: ${e.message}`));
      });
      // On 'exit', then the pipes' end or a short grace: a forked aardvark-dns that kept them must not hold the call open.
      child.on('exit', (code, sig) => {
        done();
        void drained(child.stdout, child.stderr).then(() => {
          if (killed) return reject(killed);
          if (code === 0) return resolve(out());
          const parsed = parseNetavarkOutput(out(), err());
          const message = parsed?.message ?? `${command} exited with ${code ?? sig}`;
          reject(new NetavarkError('FAILED', message, parsed?.errors, code ?? undefined, err()));
        });
      });
      child.stdin.on('error', () => {}); // netavark may exit before reading; its exit status tells why
      child.stdin.end(JSON.stringify(input));
    });
  }
}

const GRACE_MS = 1000;

/** Resolves when both streams have ended, or GRACE_MS after the call, whichever is first. */
function drained(...streams: Readable[]): Promise<void> {
  const ends = streams.map((s) => new Promise<void>((r) => (s.readableEnded ? r() : s.once('end', () => r()))));
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((r) => (timer = setTimeout(r, GRACE_MS)));
  return Promise.race([Promise.all(ends).then(() => undefined), grace]).finally(() => clearTimeout(timer));
}

/** Buffers a stream up to MAX_OUTPUT bytes; the returned function gives what came so far. */
function collect(stream: Readable): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (b: Buffer) => {
    if (size + b.length > MAX_OUTPUT) return;
    chunks.push(b);
    size += b.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}
