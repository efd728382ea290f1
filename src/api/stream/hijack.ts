/**
 * Taking over the connection for attach and exec, as Docker does: with `Upgrade: tcp` the answer is
 * `101 UPGRADED` and the socket then carries the stream both ways (client → stdin, daemon → output)
 * with no HTTP framing. (Clients that do not upgrade are served by stream/connection.ts.)
 */
import type { Duplex } from 'node:stream';

export function streamContentType(tty: boolean, version: string): string {
  const multiplexed = !tty && Number(version.split('.')[1]) >= 42;
  return multiplexed ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream';
}

/** Writes the status line and headers that hand the upgraded socket over to the stream. */
export function writeUpgradeHead(socket: Duplex, contentType: string): void {
  socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
}
