/**
 * A container's life events inside the engine: `exit` (its process ended and the exit is recorded,
 * or a restarting container stopped restarting: waiters see both as Docker's do),
 * `startfailed` (a start failed: not an exit, Docker's waiters do not see it) and `removed`.
 * Emitted after the state change is persisted.
 */
import { EventEmitter } from 'node:events';
import type { WaitResult } from '../engine.js';

export type ContainerEvent = 'exit' | 'startfailed' | 'removed';

export class ContainerEvents {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  /** Subscribes to one container's event; returns the unsubscribe function. */
  on(event: ContainerEvent, id: string, fn: (r: WaitResult) => void): () => void {
    const key = `${event}:${id}`;
    this.#emitter.on(key, fn);
    return () => this.#emitter.off(key, fn);
  }

  /** Subscribes to an event of every container. */
  onAny(event: ContainerEvent, fn: (id: string, r: WaitResult) => void): void {
    this.#emitter.on(event, fn);
  }

  /**
   * The next `event` of `id`, or undefined after `timeoutMs`. Call it before acting, so the event
   * cannot slip past.
   */
  next(event: ContainerEvent, id: string, timeoutMs = Infinity): Promise<WaitResult | undefined> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => { off(); resolve(undefined); }, timeoutMs) : undefined;
      const off = this.on(event, id, (r) => { off(); clearTimeout(timer); resolve(r); });
    });
  }

  emit(event: ContainerEvent, id: string, r: WaitResult): void {
    this.#emitter.emit(`${event}:${id}`, r);
    this.#emitter.emit(event, id, r);
  }
}
