/**
 * Keeping the container's TTY the size of the user's terminal: one `/resize` after start, then one
 * on every terminal resize (SIGWINCH), as docker's MonitorTtySize does.
 */
import { resizeContainer } from '../../../client/api/containers.js';
import type { Transport } from '../../../client/transport.js';

/** Starts monitoring `out`'s size; returns a function that stops it. */
export function monitorTtySize(t: Transport, id: string, out: NodeJS.WriteStream): () => void {
  return monitorSize(out, (size) => resizeContainer(t, id, size));
}

/** Calls `apply` with `out`'s size now and on every change (a container's or an exec's TTY); returns the stop. */
export function monitorSize(out: NodeJS.WriteStream, apply: (size: { height: number; width: number }) => Promise<void>): () => void {
  const resize = (): void => {
    const height = out.rows ?? 0;
    const width = out.columns ?? 0;
    if (height > 0 && width > 0) apply({ height, width }).catch(() => undefined);
  };
  resize();
  out.on('resize', resize);
  return () => {
    out.off('resize', resize);
  };
}
