/** Exec endpoints, in the shapes the docker CLI sends. */
import { hijack, type HijackedStream } from '../hijack.js';
import type { Transport } from '../transport.js';

/** `POST /containers/{id}/exec` body (ExecConfig). */
export interface ExecCreateBody {
  User?: string;
  Privileged?: boolean;
  Tty?: boolean;
  ConsoleSize?: [number, number];
  AttachStdin?: boolean;
  AttachStderr?: boolean;
  AttachStdout?: boolean;
  DetachKeys?: string;
  Env?: string[];
  WorkingDir?: string;
  Cmd: string[];
}

/** `GET /exec/{id}/json`, as far as the CLI reads it. */
export interface ExecInspect { ID: string; Running: boolean; ExitCode: number | null; Pid: number }

/** How a start runs the session. */
export interface ExecStartOptions { tty: boolean; consoleSize?: [number, number] }

const path = (id: string, op: string) => `/exec/${encodeURIComponent(id)}/${op}`;
const startBody = (detach: boolean, o: ExecStartOptions) => ({ Detach: detach, Tty: o.tty, ...(o.consoleSize ? { ConsoleSize: o.consoleSize } : {}) });

export function createExec(t: Transport, container: string, body: ExecCreateBody): Promise<{ Id: string }> {
  return t.json<{ Id: string }>({ method: 'POST', path: `/containers/${encodeURIComponent(container)}/exec`, json: body });
}

/** `POST /exec/{id}/start` with Detach: returns once the process runs. */
export async function startExecDetached(t: Transport, id: string, o: ExecStartOptions): Promise<void> {
  await t.call({ method: 'POST', path: path(id, 'start'), json: startBody(true, o) });
}

/** `POST /exec/{id}/start`, hijacked: the process starts and streams. */
export function attachExec(t: Transport, id: string, o: ExecStartOptions): Promise<HijackedStream> {
  return hijack(t, { path: path(id, 'start'), json: startBody(false, o) });
}

export function inspectExec(t: Transport, id: string): Promise<ExecInspect> {
  return t.json<ExecInspect>({ method: 'GET', path: path(id, 'json') });
}

export async function resizeExec(t: Transport, id: string, size: { height: number; width: number }): Promise<void> {
  await t.call({ method: 'POST', path: path(id, 'resize'), query: { h: size.height, w: size.width } });
}
