/**
 * Container records on disk (<containers>/<id>/container.json) and in memory, with Docker's lookup
 * rules: full ID, unique ID prefix, or name (with or without the leading "/"). Names are reserved
 * before a create does anything else, so two creates cannot take the same name.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonIfExists, writeJsonAtomic } from '../../util/atomic-file.js';
import type { ContainerRecord } from './record.js';
import { noSuchContainer, InvalidArgumentError, ConflictError } from '../errors.js';

export class ContainerStore {
  readonly #root: string;
  readonly #byId = new Map<string, ContainerRecord>();
  readonly #byName = new Map<string, string>();

  constructor(root: string) {
    this.#root = root;
  }

  async init(): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    for (const id of await readdir(this.#root)) {
      const rec = await readJsonIfExists<ContainerRecord>(join(this.#root, id, 'container.json')).catch(() => undefined);
      if (rec && rec.Id === id) this.#index(rec);
      else await rm(join(this.#root, id), { recursive: true, force: true }); // a create that never finished
    }
  }

  #index(rec: ContainerRecord): void {
    this.#byId.set(rec.Id, rec);
    this.#byName.set(rec.Name, rec.Id);
  }

  list(): ContainerRecord[] {
    return [...this.#byId.values()];
  }

  /** Throws NOT_FOUND with Docker's message; INVALID_ARGUMENT-like ambiguity as Docker words it. */
  get(idOrName: string): ContainerRecord {
    const rec = this.find(idOrName);
    if (!rec) throw noSuchContainer(idOrName);
    return rec;
  }

  find(idOrName: string): ContainerRecord | undefined {
    if (!idOrName) return undefined;
    const exact = this.#byId.get(idOrName);
    if (exact) return exact;
    const byName = this.#byName.get(idOrName.startsWith('/') ? idOrName : `/${idOrName}`);
    if (byName) return this.#byId.get(byName);
    if (!/^[a-f0-9]+$/.test(idOrName)) return undefined;
    const matches = this.list().filter((r) => r.Id.startsWith(idOrName));
    if (matches.length > 1) {
      throw new InvalidArgumentError(`multiple IDs found with provided prefix: ${idOrName}`);
    }
    return matches[0];
  }

  /**
   * Reserves `name` for container `id` now, synchronously (Docker's name registrar): two creates
   * can never take one name, generated or not. Throws CONFLICT with Docker's message.
   */
  reserveName(name: string, id: string): void {
    const holder = this.#byName.get(name);
    if (holder && holder !== id) {
      throw new ConflictError(`Conflict. The container name "${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    this.#byName.set(name, id);
  }

  /** Gives a reserved name back (a create that failed). */
  releaseName(name: string, id: string): void {
    if (this.#byName.get(name) === id) this.#byName.delete(name);
  }

  /** Whether `name` is reserved or in use. */
  nameTaken(name: string): boolean {
    return this.#byName.has(name);
  }

  /** Persists a new record whose name the caller reserved. */
  async add(rec: ContainerRecord): Promise<void> {
    this.reserveName(rec.Name, rec.Id);
    await mkdir(join(this.#root, rec.Id), { recursive: true });
    await this.save(rec);
    this.#byId.set(rec.Id, rec);
  }

  async save(rec: ContainerRecord): Promise<void> {
    await writeJsonAtomic(join(this.#root, rec.Id, 'container.json'), rec);
  }

  /** Forgets the record and deletes its directory (the caller has unmounted the rootfs). */
  async remove(rec: ContainerRecord): Promise<void> {
    this.#byId.delete(rec.Id);
    if (this.#byName.get(rec.Name) === rec.Id) this.#byName.delete(rec.Name);
    await rm(join(this.#root, rec.Id), { recursive: true, force: true });
  }
}
