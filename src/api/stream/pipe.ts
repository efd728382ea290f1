/**
 * Joins a stream connection and an attached session (container attach, exec start): output to the
 * client, 8-byte framed unless raw; client bytes to stdin, watched for the detach keys when there
 * are any (only TTY sessions watch: piped binary stdin passes untouched, as in moby). The
 * connection closes when the output ends; a closed connection closes the session.
 */
import { encodeFrame, StdStream } from '../../protocol/framing.js';
import { DetachKeyFilter } from '../../protocol/detach-keys.js';
import type { AttachSession } from '../../engine/engine.js';
import type { StreamConnection } from './connection.js';

export interface PipeOptions {
  /** Output goes in 8-byte frames (no TTY). */
  framed: boolean;
  /** The detach sequence; empty: none. */
  detachKeys: readonly number[];
}

export function pipeSession(conn: StreamConnection, session: AttachSession, o: PipeOptions): void {
  const filter = new DetachKeyFilter(o.detachKeys);
  session.open({
    write: (stream, data) => conn.write(o.framed ? encodeFrame(StdStream[stream], data) : data),
    end: () => conn.end(),
  });
  conn.onInput((data) => {
    const { pass, detach } = filter.push(data);
    if (pass.length > 0) session.writeStdin(pass);
    if (detach) session.close();
  });
  conn.onInputEnd(() => session.closeStdin());
  conn.onClose(() => session.close());
}
