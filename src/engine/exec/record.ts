/**
 * An exec instance, as Docker keeps one (daemon/exec.Config): created in a running container, started
 * once, ended with an exit code. Kept in memory only, as Docker keeps them: a daemon restart forgets
 * them (their processes, like their containers, go on running).
 */
import type { ExecProcess } from '../../runtime/runtime.js';
import type { ExecDetails } from '../engine.js';

export interface ExecRecord {
  ID: string;
  ContainerID: string;
  Entrypoint: string;
  Args: string[];
  Tty: boolean;
  Privileged: boolean;
  /** As asked; '' runs as the container's user. */
  User: string;
  /** The exec's own variables (the container's come first). */
  Env: string[];
  /** As asked; '' uses the container's. */
  WorkingDir: string;
  ConsoleSize?: [number, number];
  OpenStdin: boolean;
  OpenStdout: boolean;
  OpenStderr: boolean;
  /** Parsed detach keys; empty for the default. */
  DetachKeys: number[];
  /** Set when a start takes it (a second start is refused), before the process runs. */
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  CanRemove: boolean;
  /** The runtime's process, while it runs. */
  process?: ExecProcess;
}

/** Whether it has not ended: created, or running (what the container's ExecIDs lists). */
export function isActive(e: ExecRecord): boolean {
  return e.ExitCode === null;
}

/** Whether a start took it. */
export function isStarted(e: ExecRecord): boolean {
  return e.Running || e.ExitCode !== null;
}

export function execDetails(e: ExecRecord): ExecDetails {
  return {
    ID: e.ID, ContainerID: e.ContainerID, Running: e.Running, ExitCode: e.ExitCode, Pid: e.Pid,
    Entrypoint: e.Entrypoint, Args: [...e.Args], Tty: e.Tty, Privileged: e.Privileged, User: e.User,
    OpenStdin: e.OpenStdin, OpenStdout: e.OpenStdout, OpenStderr: e.OpenStderr, CanRemove: e.CanRemove, DetachKeys: [...e.DetachKeys],
  };
}

/** The command as Docker's event actions show it: `exec_create: sh -c true` (a trailing space without args). */
export function commandText(e: ExecRecord): string {
  return `${e.Entrypoint} ${e.Args.join(' ')}`;
}
