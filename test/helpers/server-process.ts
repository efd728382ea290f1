/**
 * A long-running server started for a test as a child process, optionally inside a network namespace
 * (`nsenter --net=<path>` execs the server, so the child's pid is the server's and signals reach it).
 * Servers listen on port 0 and print the address they bound; `startServerProcess` waits for that line,
 * so no port is guessed and no two tests race for one.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running server process. */
export interface ServerProcess {
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far (the last 1 MiB). */
  log(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (2 s); resolves once the process has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start one. */
export interface ServerProcessOptions {
  /** Shown in errors. */
  name: string;
  /** Network namespace file to run in; the caller's own namespace when unset. */
  netns?: string;
  /** A line of output that means "listening"; its first group is returned (e.g. the bound address). */
  ready: RegExp;
  /** How long to wait for `ready` (10 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const LOG_LIMIT = 1 << 20;

/** Children not yet reaped: killed if the test process exits without stopping them (a crash, a forgotten stop). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Starts `argv` and resolves once its output matches `o.ready`; kills it and throws if it exits or times out first. */
export async function startServerProcess(argv: string[], o: ServerProcessOptions): Promise<{ proc: ServerProcess; ready: string }> {
  const [cmd, ...args] = o.netns ? ['nsenter', `--net=${o.netns}`, '--', ...argv] : argv;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: o.env ?? process.env });
  let log = '';
  let listening = false;
  let timedOut = false;
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  const proc: ServerProcess = { pid: child.pid ?? -1, log: () => log, stop: (graceMs = 2000) => stopChild(child, exited, graceMs) };
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log = (log + d.toString('utf8')).slice(-LOG_LIMIT);
      const m = listening ? null : o.ready.exec(log);
      if (m) {
        listening = true;
        resolve(m[1] ?? m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => reject(new Error(`${o.name}: cannot start ${cmd}: ${e.message}`)));
    // 'close', not 'exit': by then all of its output is in `log`.
    child.once('close', (code, sig) => reject(new Error(timedOut
      ? `${o.name} did not listen within ${timeoutMs} ms:\n${log}`
      : `${o.name} exited (${code ?? sig}) before listening:\n${log}`)));
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  try {
    return { proc, ready: await ready };
  } catch (e) {
    await proc.stop(0);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.pid === undefined) return; // never started: no 'exit' will come
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
