/**
 * The daemon's exec instances by ID (exact IDs only, as Docker looks them up), with Docker's rules
 * for forgetting them: an instance never started goes when its container stops; an ended one stays
 * inspectable until its container is removed, or until the cleanup pass after the one that first
 * saw it ended (`sweep`, every 5 minutes: Docker's execCommandGC).
 */
import { NotFoundError } from '../errors.js';
import { isActive, isStarted, type ExecRecord } from './record.js';

export const noSuchExec = (id: string) => new NotFoundError(`No such exec instance: ${id}`);

/** What container inspect needs of the exec instances. */
export interface ExecIndex {
  /** IDs of the instances of `containerId` not yet ended, oldest first; null when none. */
  activeIds(containerId: string): string[] | null;
}

export class ExecStore implements ExecIndex {
  readonly #byId = new Map<string, ExecRecord>();

  add(e: ExecRecord): void {
    this.#byId.set(e.ID, e);
  }

  /** NOT_FOUND "No such exec instance: x". */
  get(id: string): ExecRecord {
    const e = this.#byId.get(id);
    if (!e) throw noSuchExec(id);
    return e;
  }

  find(id: string): ExecRecord | undefined {
    return this.#byId.get(id);
  }

  delete(id: string): void {
    this.#byId.delete(id);
  }

  activeIds(containerId: string): string[] | null {
    const ids = [...this.#byId.values()].filter((e) => e.ContainerID === containerId && isActive(e)).map((e) => e.ID);
    return ids.length > 0 ? ids : null;
  }

  /** The container stopped: instances never started are forgotten (Docker's Cleanup). */
  dropUnstarted(containerId: string): void {
    for (const e of this.#byId.values()) if (e.ContainerID === containerId && !isStarted(e)) this.#byId.delete(e.ID);
  }

  /** The container was removed: all its instances are forgotten. */
  dropContainer(containerId: string): void {
    for (const e of this.#byId.values()) if (e.ContainerID === containerId) this.#byId.delete(e.ID);
  }

  /** One cleanup pass: ended instances marked removable by the previous pass go, the newly ended are marked. */
  sweep(): void {
    for (const e of this.#byId.values()) {
      if (e.CanRemove) this.#byId.delete(e.ID);
      else if (!isActive(e)) e.CanRemove = true;
    }
  }
}
