/**
 * conmon's control FIFO (`<bundle>/ctl`): one line per message, `<type> <height> <width>\n`.
 * Type 1 resizes the container's TTY; type 2 makes conmon close its log file and open a new one at
 * the same path (after a rotation renamed the old one). The FIFO is opened non-blocking: when conmon
 * is gone the write fails at once instead of hanging.
 */
import { open, write, close, constants } from 'node:fs';
import { join } from 'node:path';

const RESIZE = 1;
const REOPEN_LOGS = 2;

/** The control FIFO of the container whose bundle is `bundle`. */
export function ctlPath(bundle: string): string {
  return join(bundle, 'ctl');
}

function send(bundle: string, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    open(ctlPath(bundle), constants.O_WRONLY | constants.O_NONBLOCK, (err, fd) => {
      if (err) return reject(err);
      write(fd, line, (e) => close(fd, () => (e ? reject(e) : resolve())));
    });
  });
}

export function sendResize(bundle: string, height: number, width: number): Promise<void> {
  return send(bundle, `${RESIZE} ${height} ${width}\n`);
}

export function sendReopenLogs(bundle: string): Promise<void> {
  return send(bundle, `${REOPEN_LOGS} 0 0\n`);
}
