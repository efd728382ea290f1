/**
 * The terminal side of an attach that `start -a` and `attach` share with `run`'s: the hijacked
 * stream to stdout (stderr merged with a TTY, as the daemon sends it), stdin when asked, the
 * container's TTY kept the terminal's size, and the detach keys.
 */
import type { Duplex } from 'node:stream';
import type { Transport } from '../../../client/transport.js';
import type { CliContext } from '../../context.js';
import { streamSession, type StreamEnd } from './stream.js';
import { monitorTtySize } from './tty-size.js';

/** What the session is attached to. */
export interface AttachedTarget {
  id: string;
  tty: boolean;
  /** Whether stdin is sent to the container. */
  stdin: boolean;
  detachKeys: string;
}

/** Streams until the output ends or the user types the detach keys. */
export async function streamAttached(ctx: CliContext, t: Transport, target: AttachedTarget, socket: Duplex): Promise<StreamEnd> {
  const out = ctx.io.stdout;
  const stopResize = target.tty && out.isTTY ? monitorTtySize(t, target.id, out) : () => undefined;
  try {
    return await streamSession({
      socket, tty: target.tty, detachKeys: target.detachKeys, ...(target.stdin ? { stdin: ctx.io.stdin } : {}),
      stdout: out, stderr: target.tty ? out : ctx.io.stderr,
    });
  } finally {
    stopResize();
  }
}
