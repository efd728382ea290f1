/**
 * Archives travel between Wharf and podman (Debian's 4.3): our `save` loads into podman with the
 * same image ID; podman's docker-archive and oci-archive load into Wharf with the same ID.
 * Podman runs on a private storage root (vfs), so the host's podman store is untouched.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, runCommand, type TestDaemon } from '../helpers/daemon.js';

const PODMAN = '/usr/bin/podman';
let d: TestDaemon;
let id: string;
before(async () => {
  d = await startDaemon();
  id = await d.importBusybox('interop/bb:1');
});
after(async () => {
  await podman(['system', 'reset', '-f']).catch(() => undefined);
  await d.cleanup();
});

function podman(args: string[]) {
  return runCommand(PODMAN, ['--root', join(d.root, 'podman/root'), '--runroot', join(d.root, 'podman/run'), '--storage-driver', 'vfs', ...args], { timeout: 120_000 });
}

test('an archive saved by wharf loads into podman with the same image ID', { skip: !existsSync(PODMAN) && 'podman not installed' }, async () => {
  const file = join(d.root, 'to-podman.tar');
  assert.equal((await d.docker(['save', '-o', file, 'interop/bb:1'])).code, 0);
  const load = await podman(['load', '-i', file]);
  assert.equal(load.code, 0, load.stderr);
  assert.match(load.stdout, /Loaded image: docker\.io\/interop\/bb:1/);
  const ids = await podman(['images', '--no-trunc', '--format', '{{.ID}}', 'docker.io/interop/bb:1']);
  assert.equal(ids.stdout.trim(), id);
});

test('podman docker-archive and oci-archive exports load into wharf with the same image ID', { skip: !existsSync(PODMAN) && 'podman not installed' }, async () => {
  const dockerArchive = join(d.root, 'from-podman.tar');
  const ociArchive = join(d.root, 'from-podman-oci.tar');
  assert.equal((await podman(['save', '-o', dockerArchive, 'docker.io/interop/bb:1'])).code, 0);
  assert.equal((await podman(['save', '--format', 'oci-archive', '-o', ociArchive, 'docker.io/interop/bb:1'])).code, 0);
  for (const file of [dockerArchive, ociArchive]) {
    assert.equal((await d.docker(['rmi', 'interop/bb:1'])).code, 0);
    const r = await d.docker(['load', '-i', file]);
    assert.deepEqual([r.code, r.stdout], [0, 'Loaded image: interop/bb:1\n'], r.stderr);
    const got = await d.docker(['image', 'inspect', '--format', '{{.Id}}', 'interop/bb:1']);
    assert.equal(got.stdout.trim(), id);
    const run = await d.docker(['run', '--rm', 'interop/bb:1', 'echo', 'ok']);
    assert.equal(run.stdout, 'ok\n', run.stderr);
  }
});
