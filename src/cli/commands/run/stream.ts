/**
 * The attached session of `run` (docker's hijackedIOStreamer): output from the hijacked connection
 * to stdout/stderr (raw with a TTY, demultiplexed without), stdin to the connection with half-close
 * at EOF, raw terminal mode and detach keys (default ctrl-p,ctrl-q) when both `-i` and `-t`.
 */
import type { Duplex } from 'node:stream';
import { copyRaw, demuxStream } from '../../../client/stdcopy.js';
import { DEFAULT_DETACH_KEYS, DetachKeyFilter, parseDetachKeys } from '../../../protocol/detach-keys.js';

/** How the session runs. */
export interface StreamOptions {
  socket: Duplex;
  tty: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  detachKeys?: string;
}

/** Outcome: the output ended, or the user typed the detach sequence. */
export type StreamEnd = 'ended' | 'detached';

function pumpInput(o: StreamOptions, onDetach: () => void): () => void {
  const stdin = o.stdin;
  if (!stdin) return () => undefined;
  const raw = o.tty && stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  // The daemon refused bad keys before the stream opened; only a TTY session watches for them.
  const filter = new DetachKeyFilter(o.tty ? parseDetachKeys(o.detachKeys || DEFAULT_DETACH_KEYS) : []);
  const onData = (chunk: Buffer): void => {
    const { pass, detach } = filter.push(chunk);
    if (pass.length > 0) o.socket.write(pass);
    if (detach) onDetach();
  };
  const onEnd = (): void => {
    o.socket.end();
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  };
}

/** Runs the session until the output ends or the user detaches. */
export async function streamSession(o: StreamOptions): Promise<StreamEnd> {
  let detach: (() => void) | undefined;
  const detached = new Promise<StreamEnd>((resolve) => {
    detach = () => resolve('detached');
  });
  const stop = pumpInput(o, () => detach?.());
  const output = (o.tty
    ? (o.stdout ? copyRaw(o.socket, o.stdout as never) : drain(o.socket))
    : demuxStream(o.socket, { ...(o.stdout ? { stdout: o.stdout as never } : {}), ...(o.stderr ? { stderr: o.stderr as never } : {}) })
  ).then((): StreamEnd => 'ended');
  try {
    return await Promise.race([output, detached]);
  } finally {
    stop();
    o.socket.destroy();
  }
}

async function drain(src: Duplex): Promise<void> {
  for await (const _ of src) {
    /* discard */
  }
}
