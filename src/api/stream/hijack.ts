/**
 * Taking over the connection for attach and exec, as Docker does: with `Upgrade: tcp` the answer is
 * `101 UPGRADED`; without it, `200 OK` with a raw-stream content type; either way the socket then
 * carries the stream both ways (client → stdin, daemon → output) with no HTTP framing.
 */
import type { Duplex } from 'node:stream';

export function streamContentType(tty: boolean, version: string): string {
  const multiplexed = !tty && Number(version.split('.')[1]) >= 42;
  return multiplexed ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream';
}

/** Writes the status line and headers that hand the socket over to the stream. */
export function writeHijackHead(socket: Duplex, upgrade: boolean, contentType: string, extra: Record<string, string> = {}): void {
  const lines = upgrade
    ? ['HTTP/1.1 101 UPGRADED', `Content-Type: ${contentType}`, 'Connection: Upgrade', 'Upgrade: tcp']
    : ['HTTP/1.1 200 OK', `Content-Type: ${contentType}`];
  for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${v}`);
  socket.write(lines.join('\r\n') + '\r\n\r\n');
}
