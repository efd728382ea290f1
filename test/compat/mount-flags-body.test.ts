/**
 * The mount flags of run/create (-v, --mount, --tmpfs, --volumes-from, --volume-driver) and `rm -v`
 * reach the daemon as docker CLI 28 sends them: both CLIs against a daemon that records requests
 * (test/helpers/capture-daemon.ts), bodies equal field for field; bad values give docker's message
 * and status, and no create is sent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { CaptureDaemon } from '../helpers/capture-daemon.js';

let c: CaptureDaemon;
let dir: string;
before(async () => {
  c = new CaptureDaemon();
  await c.start();
  dir = mkdtempSync('/tmp/wh-mfb-');
});
after(async () => {
  await c.close();
  rmSync(dir, { recursive: true, force: true });
});

const SAME: string[][] = [
  ['-v', '/host:/ctr'], ['-v', '/anon'], ['-v', 'named:/n:ro,nocopy'], ['-v', '/h:/c:rshared,Z'], ['-v', 'x:relative'], ['-v', 'c:/data'],
  ['-v', './rel:/x'], ['-v', '../up:/x:ro'], ['-v', '~/h:/x'], ['-v', '/a'],
  ['--mount', 'type=bind,src=/tmp,dst=/b,readonly,bind-propagation=rshared'], ['--mount', 'type=bind,source=.,target=/b,ro=false'],
  ['--mount', 'type=bind,src=/tmp,dst=/n,bind-nonrecursive'], ['--mount', 'type=bind,src=/tmp,dst=/n,bind-nonrecursive=true'],
  ['--mount', 'type=volume,src=v,dst=/v,volume-nocopy,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-driver=local'],
  ['--mount', 'src=v,destination=/v,volume-label=a=1,volume-label=b,volume-nocopy=false'], ['--mount', 'target=/anon'],
  ['--mount', 'type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770'], ['--mount', 'TYPE=TMPFS,DST=/t,tmpfs-size=64k'],
  ['--mount', '"type=bind","src=/tmp","dst=/q"'], ['--mount', 'type=bind,src=/tmp,dst=/x,consistency=Cached'],
  ['--mount', 'type=bind,src=/tmp,dst=/a', '--mount', 'type=tmpfs,dst=/b'],
  ['--mount', 'type=bind,src=/tmp,dst=/x,bind-recursive=disabled'], ['--mount', 'type=bind,src=/tmp,dst=/x,bind-recursive=enabled'],
  ['--mount', 'type=bind,src=/tmp,dst=/x,ro,bind-recursive=writable'], ['--mount', 'type=bind,src=/tmp,dst=/x,ro,bind-recursive=readonly,bind-propagation=rprivate'],
  ['--mount', 'src=v,dst=/x,volume-subpath=a/b'],
  ['--tmpfs', '/t'], ['--tmpfs', '/t:size=2m,mode=700', '--tmpfs', '/u:rw', '--tmpfs', '/t:size=1m'], ['--tmpfs', 'rel'],
  ['--volumes-from', 'a', '--volumes-from', 'b:ro'], ['--volume-driver', 'local', '-v', 'v:/x'], ['--read-only', '--tmpfs', '/run'],
];

for (const flags of SAME) {
  test(`run ${flags.join(' ')} sends what docker sends`, async () => {
    c.creates.length = 0;
    const dr = await c.docker(['create', ...flags, 'busybox', 'cmd'], process.env, dir);
    assert.equal(dr.code, 0, dr.stderr);
    const want = c.take();
    const wr = await c.wharf(['run', '-d', ...flags, 'busybox', 'cmd'], process.env, dir);
    assert.equal(wr.code, 0, wr.stderr);
    const got = c.take();
    assert.ok(want && got);
    Object.assign(want.body, { AttachStdout: false, AttachStderr: false });
    assert.deepEqual(got.body, want.body);
  });
}

test('several -v: the same Binds and Volumes (docker 28 sends the Binds in map order, so compared as sets)', async () => {
  const flags = ['-v', '/a:/a', '-v', 'n:/n', '-v', '/anon', '-v', '/b:/b:ro'];
  await c.docker(['create', ...flags, 'busybox'], process.env, dir);
  const want = c.take();
  await c.wharf(['create', ...flags, 'busybox'], process.env, dir);
  const got = c.take();
  assert.ok(want && got);
  assert.deepEqual([...got.body.HostConfig.Binds].sort(), [...want.body.HostConfig.Binds].sort());
  assert.deepEqual(got.body.Volumes, want.body.Volumes);
});

const REFUSED: string[][] = [
  ['-v', ':/x'], ['-v', '/x:'], ['-v', '/x::ro'], ['-v', '/x:/y:ro:rw'], ['-v', ''],
  ['--mount', 'badkey=1'], ['--mount', 'type=bind,src=/tmp,dst=/x,volume-nocopy'], ['--mount', 'type=volume,dst=/x,bind-propagation=shared'],
  ['--mount', 'type=volume,dst=/x,tmpfs-size=1m'], ['--mount', 'type=tmpfs,dst=/x,tmpfs-size=abc'], ['--mount', 'type=tmpfs,dst=/x,tmpfs-mode=999'],
  ['--mount', 'dst=/x,readonly=maybe'], ['--mount', 'type=bind,src=/tmp'], ['--mount', 'type=,dst=/x'], ['--mount', 'dst=/x,bogus'],
  ['--mount', 'dst=/x,volume-nocopy=2'], ['--mount', 'type=bind,src=/tmp,dst=/x,bind-recursive=bogus'],
  ['--mount', 'type=bind,src=/tmp,dst=/x,bind-recursive=writable'], ['--mount', 'type=bind,src=/tmp,dst=/x,ro,bind-recursive=readonly'],
  ['--mount', 'type=bind,src=/tmp,dst=/x,bind-recursive=readonly,bind-propagation=rprivate'], ['--mount', 'type=bind,src=/tmp,dst=/x,bind-nonrecursive=x'], ['--mount', 'dst="/x'],
];

for (const flags of REFUSED) {
  test(`run ${flags.join(' ')} is refused as docker refuses it`, async () => {
    c.creates.length = 0;
    const dr = await c.docker(['run', ...flags, 'busybox'], process.env, dir);
    const wr = await c.wharf(['run', ...flags, 'busybox'], process.env, dir);
    assert.notEqual(dr.code, 0);
    assert.equal(wr.code, dr.code, wr.stderr);
    assert.equal(wr.stderr, dr.stderr.replaceAll('docker', 'wharf'));
    assert.equal(c.creates.length, 0);
  });
}
