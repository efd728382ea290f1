/**
 * Creating an exec instance, with Docker's checks in Docker's order: a command (400 "No exec command
 * specified"), the container (404), running and not paused or restarting (409), valid detach keys
 * (Docker answers 500 there). The instance is announced with `exec_create: <command>`.
 */
import { randomBytes } from 'node:crypto';
import { parseDetachKeys } from '../../protocol/detach-keys.js';
import { announce } from '../containers/announce.js';
import type { ContainerRecord } from '../containers/record.js';
import type { ExecCreateRequest } from '../engine.js';
import { ConflictError, InternalError, InvalidArgumentError } from '../errors.js';
import { commandText, type ExecRecord } from './record.js';
import type { ExecDeps } from './run.js';

/** Docker's getActiveContainer: the container must run (paused is named as the caller named it). */
function activeContainer(x: ExecDeps, idOrName: string): ContainerRecord {
  const c = x.d.store.get(idOrName);
  const status = c.State.Status;
  if (status === 'paused') throw new ConflictError(`Container ${idOrName} is paused, unpause the container before exec`);
  if (status === 'restarting') throw new ConflictError(`Container ${c.Id} is restarting, wait until the container is running`);
  if (status !== 'running') throw new ConflictError(`Container ${c.Id} is not running`);
  return c;
}

function detachKeys(spec: string | undefined): number[] {
  if (!spec) return [];
  try {
    return parseDetachKeys(spec);
  } catch (e) {
    throw new InternalError(`Invalid escape keys (${spec}) provided`, { cause: e });
  }
}

function consoleSize(v: ExecCreateRequest['ConsoleSize']): [number, number] | undefined {
  return Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n) && n >= 0) ? [v[0]!, v[1]!] : undefined;
}

export function createExec(x: ExecDeps, container: string, req: ExecCreateRequest): ExecRecord {
  const cmd = req.Cmd ?? [];
  if (cmd.length === 0) throw new InvalidArgumentError('No exec command specified');
  const c = activeContainer(x, container);
  const size = consoleSize(req.ConsoleSize);
  const e: ExecRecord = {
    ID: randomBytes(32).toString('hex'), ContainerID: c.Id, Entrypoint: cmd[0]!, Args: cmd.slice(1),
    Tty: Boolean(req.Tty), Privileged: Boolean(req.Privileged), User: req.User ?? '', Env: req.Env ?? [], WorkingDir: req.WorkingDir ?? '',
    ...(size ? { ConsoleSize: size } : {}),
    OpenStdin: Boolean(req.AttachStdin), OpenStdout: Boolean(req.AttachStdout), OpenStderr: Boolean(req.AttachStderr),
    DetachKeys: detachKeys(req.DetachKeys), Running: false, ExitCode: null, Pid: 0, CanRemove: false,
  };
  x.store.add(e);
  announce(x.d, c, `exec_create: ${commandText(e)}`, { execID: e.ID });
  return e;
}
