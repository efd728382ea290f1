/**
 * Signal proxying of `run` without a TTY (docker's ForwardAllSignals): signals the CLI receives are
 * sent to the container with `POST /containers/{id}/kill?signal=` instead of ending the CLI.
 */
import { killContainer } from '../../../client/api/containers.js';
import type { Transport } from '../../../client/transport.js';

const PROXIED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** Starts forwarding; returns a function that stops it. */
export function proxySignals(t: Transport, id: string): () => void {
  const handlers = PROXIED.map((sig) => {
    const h = (): void => {
      killContainer(t, id, sig).catch(() => undefined);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => {
    for (const [sig, h] of handlers) process.off(sig, h);
  };
}
