/**
 * Starting an exec instance and following it to its end, as Docker's ContainerExecStart: the checks
 * (its container runs, it was never started), `Running` and the `exec_start` event at once (so a
 * second start is refused), then the process. A start that fails leaves exit code 126 and no
 * `exec_die`; an end records the exit code, announces `exec_die`, and once the readers the caller
 * connected are done, the runtime removes the session's files.
 */
import type { ExecProcess } from '../../runtime/runtime.js';
import { RuntimeError } from '../../runtime/runtime.js';
import { announce } from '../containers/announce.js';
import type { ContainerDeps } from '../containers/deps.js';
import type { LogSubject } from '../containers/logs/reader.js';
import type { ContainerRecord } from '../containers/record.js';
import { ConflictError, toEngineError } from '../errors.js';
import { execProcess } from './process.js';
import { commandText, type ExecRecord } from './record.js';
import { execStartFailure } from './start-error.js';
import { noSuchExec, type ExecStore } from './store.js';

/** What exec works with: the containers' dependencies and the exec instances. */
export interface ExecDeps {
  d: ContainerDeps;
  store: ExecStore;
}

export interface LaunchOptions {
  /** Replaces the instance's ConsoleSize. */
  consoleSize?: [number, number];
  /** The monitor starts a new log file past this many bytes (output nobody reads in full). */
  logSizeMax?: number;
  /**
   * Connects the readers of the output, called as soon as the process runs (before its end can be
   * handled); resolves when they are done with the log.
   */
  attach?: (p: ExecProcess, log: LogSubject) => Promise<void>;
}

/** Docker's checks, then the instance is taken for this start (synchronously: no second start can pass). */
function take(x: ExecDeps, e: ExecRecord): ContainerRecord {
  const container = x.d.store.find(e.ContainerID);
  if (!container || container.State.Status !== 'running') throw noSuchExec(e.ID);
  if (e.ExitCode !== null) throw new ConflictError(`Error: Exec command ${e.ID} has already run`);
  if (e.Running) throw new ConflictError(`Error: Exec command ${e.ID} is already running`);
  e.Running = true;
  announce(x.d, container, `exec_start: ${commandText(e)}`, { execID: e.ID });
  return container;
}

/** What readers of the exec's log need: it runs until its end is recorded. */
function subject(p: ExecProcess, e: ExecRecord, ended: Promise<void>): LogSubject {
  return {
    path: p.logPath,
    running: () => e.Running,
    onOutputEnd: (fn) => {
      let live = true;
      void ended.then(() => live && fn());
      return () => (live = false);
    },
  };
}

async function runProcess(x: ExecDeps, e: ExecRecord, container: ContainerRecord, o: LaunchOptions): Promise<ExecProcess> {
  if (o.consoleSize) e.ConsoleSize = o.consoleSize;
  const base = await x.d.runtime.containerProcess(container.Id);
  const process = await execProcess({ base, container, exec: e, rootfs: x.d.paths.rootfs(container.Id) });
  try {
    return await x.d.runtime.exec({
      id: e.ID, containerId: container.Id, name: container.Name.slice(1), process, openStdin: e.OpenStdin,
      ...(o.logSizeMax ? { logSizeMax: o.logSizeMax } : {}),
    });
  } catch (err) {
    throw err instanceof RuntimeError ? execStartFailure(err.message, e.Entrypoint) : err;
  }
}

/** Starts `e`; resolves with its process once it runs. Throws Docker's errors (the instance then has exit code 126). */
export async function launch(x: ExecDeps, e: ExecRecord, o: LaunchOptions = {}): Promise<ExecProcess> {
  const container = take(x, e);
  let p: ExecProcess;
  try {
    p = await runProcess(x, e, container, o);
  } catch (err) {
    e.Running = false;
    e.ExitCode = 126;
    throw toEngineError(err);
  }
  e.Pid = p.pid;
  e.process = p;
  let markEnded!: () => void;
  const ended = new Promise<void>((r) => (markEnded = r));
  const reading = o.attach?.(p, subject(p, e, ended)) ?? Promise.resolve();
  void p.exited.then(async (code) => {
    e.Running = false;
    e.ExitCode = code;
    delete e.process;
    announce(x.d, container, 'exec_die', { execID: e.ID, exitCode: String(code) });
    markEnded();
    await reading.catch(() => undefined);
    await p.delete().catch(() => undefined);
  });
  return p;
}
