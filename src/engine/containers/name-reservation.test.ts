/**
 * Container names are reserved synchronously (Docker's name registrar), so concurrent creates can
 * never draw or take the same name: the store holds a name from `reserveName` on, and a create
 * reserves its name before its first await.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError, NotFoundError } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import { ContainerEvents } from './events.js';
import { LogPolicy } from './logs/policy.js';
import { ContainerService } from './service.js';
import { ContainerStore } from './store.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

const isCode = (code: string) => (e: unknown) => e instanceof EngineError && e.code === code;

/**
 * Just what `create` touches before and at its first await: the store (no I/O until `add`), the log
 * policy, and an image lookup held open until the test fails it.
 */
function heldCreateDeps(): { deps: ContainerDeps; reserved: string[]; failImageLookup: (e: Error) => void } {
  const store = new ContainerStore('/nonexistent/containers');
  const reserved: string[] = [];
  const reserve = store.reserveName.bind(store);
  store.reserveName = (name, id) => { reserve(name, id); reserved.push(name); };
  let failImageLookup!: (e: Error) => void;
  const lookup = new Promise<never>((_, reject) => (failImageLookup = reject));
  const images = { resolveWithConfig: () => lookup, byId: () => undefined, find: () => undefined, layerDirs: () => [] };
  const deps = { store, images, events: new ContainerEvents(), logs: { policy: new LogPolicy() } } as unknown as ContainerDeps;
  return { deps, reserved, failImageLookup };
}

test('ContainerStore.reserveName holds a name at once; another container cannot take it until it is released', () => {
  const store = new ContainerStore('/nonexistent/containers'); // reservations are in memory
  assert.equal(store.nameTaken('/web'), false);
  store.reserveName('/web', ID_A);
  assert.equal(store.nameTaken('/web'), true);
  assert.throws(() => store.reserveName('/web', ID_B), isCode('CONFLICT'));
  store.reserveName('/web', ID_A); // its holder may reserve it again (add does)
  store.releaseName('/web', ID_B); // not the holder: no effect
  assert.equal(store.nameTaken('/web'), true);
  store.releaseName('/web', ID_A);
  assert.equal(store.nameTaken('/web'), false);
  store.reserveName('/web', ID_B);
  assert.equal(store.nameTaken('/web'), true);
});

test('create reserves a drawn name before its first await: 50 creates in one tick hold 50 distinct names, freed when they fail', async () => {
  const { deps, reserved, failImageLookup } = heldCreateDeps();
  const service = new ContainerService(deps);
  const creates = Array.from({ length: 50 }, () => service.create({ config: { Image: 'busybox' }, hostConfig: {} }));
  // Not one create has got past the image lookup, and every name is taken already.
  assert.equal(reserved.length, 50);
  assert.equal(new Set(reserved).size, 50);
  for (const name of reserved) assert.equal(deps.store.nameTaken(name), true, name);
  failImageLookup(new NotFoundError('No such image: busybox'));
  for (const r of await Promise.allSettled(creates)) assert.ok(r.status === 'rejected' && isCode('NOT_FOUND')(r.reason));
  for (const name of reserved) assert.equal(deps.store.nameTaken(name), false, `${name} is released`);
});

test('a second create of the same name is refused at once, while the first is still in flight', async () => {
  const { deps, failImageLookup } = heldCreateDeps();
  const service = new ContainerService(deps);
  const first = service.create({ name: 'web', config: { Image: 'busybox' }, hostConfig: {} });
  assert.equal(deps.store.nameTaken('/web'), true, 'taken before the create awaits anything');
  const second = service.create({ name: 'web', config: { Image: 'busybox' }, hostConfig: {} });
  failImageLookup(new NotFoundError('No such image: busybox'));
  await assert.rejects(second, isCode('CONFLICT'));
  await assert.rejects(first, isCode('NOT_FOUND'));
  assert.equal(deps.store.nameTaken('/web'), false);
});
