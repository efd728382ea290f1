/**
 * The OCI runtime as the engine sees it: one container's process life, from its spec to its exit
 * code (containerd's runtime task API, reduced). The implementation (conmon/) runs each container
 * under its own monitor, so containers and their exit codes outlive the daemon.
 *
 * Contract: `create` leaves the process created but not started (start it with `start`); `delete`
 * is idempotent and removes everything the runtime keeps for the container (its process, state,
 * bundle and recorded exit). Exits are reported at least once to the `watchExits` listener,
 * including exits that happened while nobody listened.
 */
import type { RuntimeProcess, RuntimeSpec } from '../oci/runtime-spec.js';

export type RuntimeStatus = 'creating' | 'created' | 'running' | 'stopped' | 'paused';

export interface RuntimeState { id: string; pid: number; status: RuntimeStatus }

/** How the container's stdio is handled. */
export interface RuntimeIo {
  /** Where the monitor writes the container's output (k8s-file lines). */
  logPath: string;
  /** The monitor starts a new log file when this many bytes are written (0: never). */
  logSizeMax?: number;
  tty: boolean;
  openStdin: boolean;
  /** Stdin closes when the first attached client detaches. */
  stdinOnce: boolean;
}

export interface CreateRequest {
  id: string;
  /** Container name, for the monitor's logs. */
  name: string;
  spec: RuntimeSpec;
  io: RuntimeIo;
}

/** A process to run inside a running container (an exec session). */
export interface ExecRequest {
  /** The session's ID, unique among the runtime's sessions (the engine's exec ID). */
  id: string;
  /** The running container it joins. */
  containerId: string;
  /** Container name, for the monitor's logs. */
  name: string;
  /** What to run and how (`terminal` gives it a TTY). */
  process: RuntimeProcess;
  /** It reads stdin from the attach socket; stdin closes when the first client detaches. */
  openStdin: boolean;
  /** The monitor starts a new log file past this many bytes (absent: never). */
  logSizeMax?: number;
}

/**
 * A running exec process. Its files (log, attach socket, ctl FIFO) stay until `delete`, so readers
 * that open the log after it ended still read all of its output.
 */
export interface ExecProcess {
  readonly pid: number;
  /** Its output as k8s-file lines, complete once `exited` settles. */
  readonly logPath: string;
  /** The socket stdin is written to (SOCK_SEQPACKET). */
  readonly attachSocketPath: string;
  /** Settles with the exit code once the process ended and its output is in the log (-1 if the monitor lost it). */
  readonly exited: Promise<number>;
  /** Sends `signal`; with `tree`, to every process it started as well (nothing of it survives a SIGKILL). */
  kill(signal: number, o?: { tree?: boolean }): Promise<void>;
  /** Resizes its TTY. */
  resize(size: { height: number; width: number }): Promise<void>;
  /** Kills what is left and removes its files. Idempotent. */
  delete(): Promise<void>;
}

/** Resource limits a running container can be given (OCI LinuxResources). */
export type RuntimeResources = NonNullable<RuntimeSpec['linux']['resources']>;

/** Called once per exit (at least once): the container's process ended with `exitCode`. */
export type ExitListener = (id: string, exitCode: number) => Promise<void>;

export interface OciRuntime {
  /** Creates the container; returns its pid. Rejects with RuntimeError (the runtime's own message). */
  create(req: CreateRequest): Promise<number>;
  start(id: string): Promise<void>;
  /** Sends `signal` (a number) to the container's init process, or to all its processes. */
  kill(id: string, signal: number, o?: { all?: boolean }): Promise<void>;
  /** Forgets the container: kills what is left (its exec processes too), removes state, bundle and exit record. Idempotent. */
  delete(id: string): Promise<void>;
  /** The runtime's view, undefined when it does not know the container. */
  state(id: string): Promise<RuntimeState | undefined>;
  /** Every container the runtime knows (one call, whatever their number). */
  list(): Promise<RuntimeState[]>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  update(id: string, resources: RuntimeResources): Promise<void>;
  /** Resizes the container's TTY. */
  resize(id: string, size: { height: number; width: number }): Promise<void>;
  /**
   * Asks the monitor to close its log file and start a new one at the same path, right after
   * `moves` ran (a rotation's renames: run synchronously, and only once the monitor is known to be
   * there to reopen; when it is gone the promise rejects and nothing moved). The request is made
   * before this returns.
   */
  reopenLog(id: string, moves?: () => void): Promise<void>;
  /** The socket attach sessions connect to for stdin (SOCK_SEQPACKET). */
  attachSocketPath(id: string): string;
  /**
   * Runs a process in the running container `req.containerId`; resolves once it runs. Rejects with
   * RuntimeError (the runtime's message: executable not found, bad cwd …) when it cannot start,
   * leaving nothing behind. `delete` of the container ends and removes its exec processes too.
   */
  exec(req: ExecRequest): Promise<ExecProcess>;
  /** The process spec the container was created with (execs start from it, as Docker's do). */
  containerProcess(id: string): Promise<RuntimeProcess>;
  /** The exit code recorded for `id`, undefined while it runs (or when nothing is recorded). */
  exitCode(id: string): Promise<number | undefined>;
  /** Reports exits to `listener`: resolves once the exits recorded so far are handled. */
  watchExits(listener: ExitListener): Promise<void>;
  /** Stops watching exits. */
  close(): void;
}

/** The runtime refused or failed an operation; `message` is its own error text. */
export class RuntimeError extends Error {
  readonly code = 'RUNTIME';
  constructor(message: string, readonly stderr = '') {
    super(message);
  }
}
