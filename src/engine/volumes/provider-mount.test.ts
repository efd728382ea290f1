/**
 * Device volumes with real mounts, through the provider as containers use it: a tmpfs volume is a
 * tmpfs on its `_data` while a container has it mounted and a plain directory after; a bind volume
 * (`type=none,o=bind`) shows its source, and removing it never deletes the source's files. A
 * mount the kernel refuses gets Docker's message. Needs root (mount(2)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readFile, readdir, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VolumeService } from './service.js';
import { LocalDriver } from '../../volume/driver.js';
import { VolumeStore } from '../../volume/store.js';
import { EventJournal } from '../events/journal.js';
import { EngineError } from '../errors.js';
import { isMounted, mountDevice, systemMounter, unmountAll } from '../../sys/mount.js';

const root = process.getuid?.() === 0;

async function rig(fn: (svc: VolumeService, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-volmnt-'));
  const driver = new LocalDriver(new VolumeStore(join(dir, 'volumes')), { ...systemMounter, mountDevice });
  try {
    await driver.init();
    await fn(new VolumeService({ driver, journal: new EventJournal(), users: () => [] }), dir);
  } finally {
    for (const v of driver.list()) await unmountAll(v.Mountpoint);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The filesystem type mounted at `path`, from /proc/self/mountinfo. */
async function fsType(path: string): Promise<string | undefined> {
  const lines = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n');
  return lines.map((l) => l.split(' ')).filter((p) => p[4] === path).at(-1)?.at(-3);
}

test('a tmpfs volume is mounted when a container mounts it, and gone after the last unmount', { skip: !root && 'needs root' }, () => rig(async (svc) => {
  const v = await svc.acquire({ Name: 'tv', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0700' } });
  assert.equal(await isMounted(v.Mountpoint), false, 'not mounted at create, as Docker');
  const path = await svc.mount('tv', 'c1', { destination: '/d', rw: true, propagation: '' });
  assert.equal(path, v.Mountpoint);
  assert.equal(await fsType(path), 'tmpfs');
  await writeFile(join(path, 'f'), 'in tmpfs');
  await svc.mount('tv', 'c2');
  await svc.unmount('tv', 'c1');
  assert.equal(await readFile(join(path, 'f'), 'utf8'), 'in tmpfs', 'still mounted for c2');
  await svc.unmount('tv', 'c2');
  assert.equal(await isMounted(path), false);
  assert.deepEqual(await readdir(path), [], 'the tmpfs content went with the mount');
}));

test('a bind volume shows its source; removing it keeps the source files', { skip: !root && 'needs root' }, () => rig(async (svc, dir) => {
  const src = join(dir, 'src');
  await mkdir(src);
  await writeFile(join(src, 'keep'), 'host file');
  await svc.acquire({ Name: 'bv', DriverOpts: { type: 'none', device: src, o: 'bind' } });
  const path = await svc.mount('bv', 'c1');
  assert.equal(await readFile(join(path, 'keep'), 'utf8'), 'host file');
  await svc.unmount('bv', 'c1');
  await svc.mount('bv', 'c1');
  await svc.remove('bv', { force: true }).catch(() => {});
  assert.equal(svc.inspect('bv').Name, 'bv', 'in use while mounted');
  await svc.unmount('bv', 'c1');
  await svc.remove('bv');
  assert.equal(await readFile(join(src, 'keep'), 'utf8'), 'host file');
}));

test('a mount the kernel refuses: Docker\'s message, and nothing mounted', { skip: !root && 'needs root' }, () => rig(async (svc) => {
  const v = await svc.acquire({ Name: 'vtbad', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'bogus=1' } });
  await assert.rejects(svc.mount('vtbad', 'c1'), (e: unknown) => e instanceof EngineError
    && e.message === `error while mounting volume '${v.Mountpoint}': failed to mount local volume: mount tmpfs:${v.Mountpoint}, data: bogus=1: invalid argument`);
  assert.equal(await isMounted(v.Mountpoint), false);
  await svc.remove('vtbad');
}));
