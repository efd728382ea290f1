/** `wharf inspect`, `image inspect`, `container inspect` against a real wharfd, held to the docker CLI's output. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  await d.docker(['create', '--name', 'insp', 'busybox', 'true']);
});
after(async () => { await d.cleanup(); });

test('image inspect prints what docker prints', async () => {
  const ours = await d.wharf(['image', 'inspect', 'busybox']);
  const theirs = await d.docker(['image', 'inspect', 'busybox']);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(ours.stdout, theirs.stdout);
});

test('inspect finds containers before images; --format runs per object', async () => {
  const r = await d.wharf(['inspect', '-f', '{{.Name}} {{.State.Status}}', 'insp']);
  assert.deepEqual([r.code, r.stdout], [0, '/insp created\n']);
  const img = await d.wharf(['inspect', '--format', '{{.Os}}', 'busybox']);
  assert.equal(img.stdout, 'linux\n');
  const c = await d.wharf(['container', 'inspect', '-f', '{{.Config.Image}}', 'insp']);
  assert.equal(c.stdout, 'busybox\n');
});

test('missing objects: the rest is printed, then docker\'s error and exit 1', async () => {
  const r = await d.wharf(['image', 'inspect', '--format', '{{.Os}}', 'busybox', 'nope']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [1, 'linux\n', 'Error: No such image: nope\n']);
  const none = await d.wharf(['inspect', 'nope']);
  assert.deepEqual([none.code, none.stdout, none.stderr], [1, '[]\n', 'Error: No such object: nope\n']);
});

test('--format json prints the whole array on one line, as docker 28 does, for every inspect', async () => {
  await d.docker(['volume', 'create', 'inspv']);
  try {
    for (const args of [['inspect', '-f', 'json', 'insp', 'busybox'], ['image', 'inspect', '--format', 'json', 'busybox', 'busybox'],
      ['volume', 'inspect', '-f', 'json', 'inspv', 'inspv'], ['network', 'inspect', '-f', 'json', 'none', 'host']]) {
      const [ours, theirs] = [await d.wharf(args), await d.docker(args)];
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, theirs.stdout, args.join(' '));
      assert.equal(ours.stdout.split('\n').length, 2, 'one line');
    }
  } finally {
    await d.docker(['volume', 'rm', 'inspv']);
  }
});
