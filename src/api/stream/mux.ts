/**
 * Docker's stream multiplexing for non-TTY attach/logs/exec: an 8-byte header
 * [stream id, 0, 0, 0, payload size uint32 BE] before each payload. 0 stdin, 1 stdout, 2 stderr, 3 system error.
 */
export const StreamId = { stdin: 0, stdout: 1, stderr: 2, systemerr: 3 } as const;

export function frame(stream: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
