/**
 * `POST /containers/{id}/attach`: takes over the connection, then copies container output to the
 * client (8-byte framed unless the container has a TTY) and client bytes to the container's stdin,
 * watching for the detach keys when it has a TTY. The connection closes when the container's output ends.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { encodeFrame, StdStream } from '../../protocol/framing.js';
import { streamContentType } from '../stream/hijack.js';
import { openStreamConnection } from '../stream/connection.js';
import { DetachKeyFilter, DEFAULT_DETACH_KEYS, parseDetachKeys } from '../../protocol/detach-keys.js';

async function attach(ctx: Ctx): Promise<void> {
  const rec = ctx.engine.containers.store.get(ctx.param('id'));
  const tty = Boolean(rec.Config.Tty);
  // Like moby, only a TTY session watches for the detach keys: piped binary stdin passes untouched.
  const keys = parseDetachKeys(ctx.query.get('detachKeys') || DEFAULT_DETACH_KEYS);
  const filter = new DetachKeyFilter(tty ? keys : []);
  const options = { stdin: ctx.bool('stdin'), stdout: ctx.bool('stdout'), stderr: ctx.bool('stderr') };
  const conn = openStreamConnection(ctx, streamContentType(tty, ctx.version));
  const session = ctx.engine.attacher.attach(rec.Id, options, {
    write: (stream, data) => conn.write(tty ? data : encodeFrame(StdStream[stream], data)),
    end: () => conn.end(),
  });
  const onInput = (data: Buffer) => {
    const { pass, detach } = filter.push(data);
    if (pass.length > 0) session.writeStdin(pass);
    if (detach) session.close();
  };
  if (conn.head.length > 0) onInput(conn.head);
  conn.onInput(onInput);
  conn.onInputEnd(() => session.closeStdin());
  conn.onClose(() => session.close());
}

export function registerAttachRoutes(r: Router): void {
  r.add('POST', '/containers/{id}/attach', attach);
}
