/**
 * `POST /containers/{id}/attach`: takes over the connection, then copies container output to the
 * client (8-byte framed unless the container has a TTY) and client bytes to the container's stdin,
 * watching for the detach keys when it has a TTY (stream/pipe.ts). The connection closes when the output ends.
 * Errors are written on the connection in Docker's raw form (status line, text), as Docker does.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { toStatus } from '../errors.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../../protocol/detach-keys.js';
import { InvalidArgumentError } from '../../engine/errors.js';
import { streamContentType } from '../stream/hijack.js';
import { failStream, openStreamConnection } from '../stream/connection.js';
import { pipeSession } from '../stream/pipe.js';

function detachKeys(spec: string | null): number[] {
  try {
    return parseDetachKeys(spec || DEFAULT_DETACH_KEYS);
  } catch (e) {
    throw new InvalidArgumentError(`Invalid detach keys (${spec}) provided`, { cause: e });
  }
}

function attach(ctx: Ctx): void {
  let session;
  let keys: number[];
  try {
    keys = detachKeys(ctx.query.get('detachKeys'));
    session = ctx.engine.containers.attach(ctx.param('id'), {
      stdin: ctx.bool('stdin'), stdout: ctx.bool('stdout'), stderr: ctx.bool('stderr'), logs: ctx.bool('logs'), stream: ctx.bool('stream'),
    });
  } catch (e) {
    const { status, message } = toStatus(e);
    return failStream(ctx, status, message);
  }
  const tty = session.tty;
  const conn = openStreamConnection(ctx, streamContentType(tty, ctx.version));
  // Like moby, only a TTY session watches for the detach keys.
  pipeSession(conn, session, { framed: !tty, detachKeys: tty ? keys : [] });
}

export function registerAttachRoutes(r: Router): void {
  r.add('POST', '/containers/{id}/attach', attach);
}
