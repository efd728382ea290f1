/**
 * conmon's control FIFO (`<bundle>/ctl`): one line per message, `<type> <height> <width>\n`.
 * Type 1 resizes the container's TTY; type 2 makes conmon close its log file and open a new one at
 * the same path (after a rotation renamed the old one). The FIFO is opened non-blocking: when conmon
 * is gone the open fails at once (ENXIO) instead of hanging. A message is sent synchronously,
 * before `send` returns (it takes microseconds): a log rotation counts on it, and on the open
 * coming first, to move files only when conmon is there to reopen (engine/containers/logs/rotate.ts).
 */
import { openSync, writeSync, closeSync, constants } from 'node:fs';
import { join } from 'node:path';

const RESIZE = 1;
const REOPEN_LOGS = 2;

/** The control FIFO of the container whose bundle is `bundle`. */
export function ctlPath(bundle: string): string {
  return join(bundle, 'ctl');
}

/** Sends `line` now, after `before` ran (only once the FIFO is open); the promise tells how it went. */
function send(bundle: string, line: string, before?: () => void): Promise<void> {
  try {
    const fd = openSync(ctlPath(bundle), constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      before?.();
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e);
  }
}

export function sendResize(bundle: string, height: number, width: number): Promise<void> {
  return send(bundle, `${RESIZE} ${height} ${width}\n`);
}

/** Asks conmon to reopen its log after `moves` ran; when conmon is gone, rejects without running them. */
export function sendReopenLogs(bundle: string, moves?: () => void): Promise<void> {
  return send(bundle, `${REOPEN_LOGS} 0 0\n`, moves);
}
