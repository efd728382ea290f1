/**
 * `POST /containers/{id}/rename` (moby daemon/rename.go): Docker's checks in its order (empty names,
 * the container, the same name, the new name's validity and availability). The new name is
 * reserved synchronously before anything awaits, so two renames (or a create) cannot both take
 * it; the old one is given back once the record is saved. Running containers are renamed too.
 */
import { ConflictError, InvalidArgumentError, noSuchContainer } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import { announce } from './announce.js';
import { isValidContainerName } from './names.js';

export async function renameContainer(d: ContainerDeps, idOrName: string, newName: string): Promise<void> {
  if (!idOrName || !newName) throw new InvalidArgumentError('Neither old nor new names may be empty');
  const name = newName.startsWith('/') ? newName : `/${newName}`;
  const rec = d.store.get(idOrName);
  await d.mutex.run(rec.Id, async () => {
    if (!d.store.find(rec.Id)) throw noSuchContainer(idOrName);
    const old = rec.Name;
    if (old === name) throw new InvalidArgumentError('Renaming a container with the same name as its current name');
    reserve(d, name, rec.Id);
    rec.Name = name;
    try {
      await d.store.save(rec);
    } catch (e) {
      rec.Name = old;
      d.store.releaseName(name, rec.Id);
      throw e;
    }
    d.store.releaseName(old, rec.Id);
    announce(d, rec, 'rename', { oldName: old });
  });
}

/** Reserves `name` for `id` with Docker's "Error when allocating new name" messages. */
function reserve(d: ContainerDeps, name: string, id: string): void {
  const prefix = 'Error when allocating new name: ';
  if (!isValidContainerName(name)) {
    throw new InvalidArgumentError(`${prefix}Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  try {
    d.store.reserveName(name, id);
  } catch (e) {
    if (e instanceof ConflictError) throw new ConflictError(`${prefix}${e.message}`, { cause: e });
    throw e;
  }
}
