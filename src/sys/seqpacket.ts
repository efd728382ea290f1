/**
 * A SOCK_SEQPACKET unix socket as a Node `net.Socket` (one packet per 'data' event). Node's `net`
 * refuses such sockets, so the fd is opened through libc and handed to the `Pipe` handle of Node's
 * pipe_wrap binding (process.binding, DEP0111): reads and writes then go through libuv, with no
 * thread-pool thread held per container. See notes/verified-here.md.
 */
import net from 'node:net';
import { connectSeqpacket, closeFd } from './libc.js';

interface PipeHandle { open(fd: number): number }
type PipeCtor = new (type: number) => PipeHandle;

let pipeWrap: { Pipe: PipeCtor; constants: { SOCKET: number } } | undefined;

function loadPipeWrap(): NonNullable<typeof pipeWrap> {
  if (pipeWrap) return pipeWrap;
  const binding = (process as unknown as { binding(name: string): unknown }).binding;
  const emit = process.emitWarning;
  process.emitWarning = () => {}; // the deprecation warning is expected and would reach users' stderr
  try {
    pipeWrap = binding('pipe_wrap') as NonNullable<typeof pipeWrap>;
  } finally {
    process.emitWarning = emit;
  }
  return pipeWrap;
}

/** Connects to a SOCK_SEQPACKET socket at `path`. */
export function connectSeqpacketSocket(path: string): net.Socket {
  const fd = connectSeqpacket(path);
  const { Pipe, constants } = loadPipeWrap();
  const handle = new Pipe(constants.SOCKET);
  const err = handle.open(fd);
  if (err) {
    closeFd(fd);
    throw new Error(`cannot open attach socket ${path}: ${err}`);
  }
  return new net.Socket({ handle, readable: true, writable: true } as net.SocketConstructorOpts);
}
