/**
 * Signal proxying of `run` without a TTY (docker's ForwardAllSignals; docker turns it off with a
 * TTY, where the terminal sends keys instead): signals the CLI receives are sent to the container
 * with `POST /containers/{id}/kill?signal=` instead of ending the CLI.
 */
import { killContainer } from '../../../client/api/containers.js';
import type { Transport } from '../../../client/transport.js';

/**
 * Every signal Node lets a process catch, less those docker's ForwardAllSignals skips (SIGCHLD,
 * SIGPIPE, SIGURG). SIGKILL and SIGSTOP cannot be caught; Node keeps SIGSEGV, SIGBUS, SIGFPE, SIGILL.
 */
const PROXIED: NodeJS.Signals[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTRAP', 'SIGABRT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT',
  'SIGCONT', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

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
