/**
 * Container mounts through the real docker CLI against wharfd on runc: the tutorials' flows (a named
 * volume outlives its container and a daemon SIGKILL; a bind seen both ways; `:ro` enforced),
 * copy-up with owners and modes, anonymous volumes from an image VOLUME, --volumes-from, tmpfs,
 * propagation, nocopy, --read-only, and each hostile case with Docker 20.10's message. After each
 * test nothing of the daemon's is left mounted.
 */
import { test, afterEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();
const host = mkdtempSync('/tmp/wh-mnt-host-');
let image: Promise<void> | undefined;
/** An image with content at a VOLUME: /data 0750 1:2 with a file 0640 1234:5678 and a symlink (made once). */
const withImage = (): Promise<void> => (image ??= (async () => {
  const prep = await d.docker(['run', '--name', 'mnt-base', 'busybox', 'sh', '-c',
    'mkdir /data && echo image > /data/f && chown 1234:5678 /data/f && chmod 640 /data/f && ln -s f /data/l && chown 1:2 /data && chmod 750 /data']);
  assert.equal(prep.code, 0, prep.stderr);
  const c = await d.docker(['commit', '--change', 'VOLUME /data', 'mnt-base', 'mnt-image:1']);
  assert.equal(c.code, 0, c.stderr);
  await d.docker(['rm', 'mnt-base']);
})());
after(() => rmSync(host, { recursive: true, force: true }));

/** Mount points of the daemon's trees (rootfs, volumes, shm) still mounted. */
const daemonMounts = (): string[] => readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
  .map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(d.root));

afterEach(async () => {
  const ids = (await d.docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await d.docker(['rm', '-fv', ...ids]);
  assert.deepEqual(daemonMounts(), [], 'nothing left mounted');
});

const ok = async (args: string[]): Promise<string> => {
  const r = await d.docker(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const volumes = async (): Promise<string[]> => (await ok(['volume', 'ls', '-q'])).split('\n').filter(Boolean);
/** `create` exits 1 on a daemon error, `run` 125. */
const refused = async (args: string[], stderr: string | RegExp, code = args[0] === 'create' ? 1 : 125): Promise<void> => {
  const r = await d.docker(args);
  assert.equal(r.code, code, r.stderr);
  if (typeof stderr === 'string') assert.equal(r.stderr, stderr);
  else assert.match(r.stderr, stderr);
};

test('a named volume outlives its container and a wharfd SIGKILL and restart', async () => {
  await ok(['run', '--rm', '-v', 'mnt-named:/d', 'busybox', 'sh', '-c', 'echo kept > /d/f']);
  assert.equal(await ok(['run', '--rm', '-v', 'mnt-named:/d', 'busybox', 'cat', '/d/f']), 'kept\n');
  assert.ok((await volumes()).includes('mnt-named'), '--rm leaves named volumes');
  await d.stop('SIGKILL');
  await d.start();
  assert.equal(await ok(['run', '--rm', '-v', 'mnt-named:/d', 'busybox', 'cat', '/d/f']), 'kept\n');
  await ok(['volume', 'rm', 'mnt-named']);
});

test('a bind mount is seen both ways; a missing -v host dir is made at start (0755)', async () => {
  writeFileSync(join(host, 'from-host'), 'host\n');
  assert.equal(await ok(['run', '--rm', '-v', `${host}:/h`, 'busybox', 'sh', '-c', 'cat /h/from-host; echo ctr > /h/from-ctr']), 'host\n');
  assert.equal(readFileSync(join(host, 'from-ctr'), 'utf8'), 'ctr\n');
  const made = join(host, 'made', 'sub');
  const id = (await ok(['create', '-v', `${made}:/m`, 'busybox', 'true'])).trim();
  assert.equal(existsSync(made), false, 'not at create, as Docker');
  await ok(['start', '-a', id]);
  assert.equal(statSync(made).mode & 0o777, 0o755);
});

test(':ro is enforced (EROFS), and inspect shows the mounts in Docker\'s shape', async () => {
  const r = await d.docker(['run', '--rm', '-v', `${host}:/h:ro`, 'busybox', 'sh', '-c', 'echo x > /h/f']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Read-only file system/);
  const id = (await ok(['create', '-v', `${host}:/a:ro,Z`, '-v', 'mnt-i:/n:nocopy', '-v', 'mnt-j:/j', '-v', '/anon',
    '--mount', `type=bind,src=${host},dst=/b,readonly,bind-propagation=rslave`, '--mount', 'type=volume,src=mnt-k,dst=/k,volume-nocopy',
    '--mount', 'type=tmpfs,dst=/t,tmpfs-size=1m', '--tmpfs', '/t2:size=2m', 'busybox'])).trim();
  const info = JSON.parse(await ok(['inspect', id]))[0];
  const byDest = Object.fromEntries(info.Mounts.map((m: { Destination: string }) => [m.Destination, m]));
  const vol = (name: string) => join(d.dataRoot, 'volumes', name, '_data');
  assert.deepEqual(byDest['/a'], { Type: 'bind', Source: host, Destination: '/a', Mode: 'ro,Z', RW: false, Propagation: 'rprivate' });
  assert.deepEqual(byDest['/n'], { Type: 'volume', Name: 'mnt-i', Source: vol('mnt-i'), Destination: '/n', Driver: 'local', Mode: 'nocopy', RW: true, Propagation: '' });
  assert.deepEqual(byDest['/j'], { Type: 'volume', Name: 'mnt-j', Source: vol('mnt-j'), Destination: '/j', Driver: 'local', Mode: 'z', RW: true, Propagation: '' });
  assert.deepEqual(byDest['/b'], { Type: 'bind', Source: host, Destination: '/b', Mode: '', RW: false, Propagation: 'rslave' });
  assert.deepEqual(byDest['/k'], { Type: 'volume', Name: 'mnt-k', Source: vol('mnt-k'), Destination: '/k', Driver: 'local', Mode: 'z', RW: true, Propagation: '' });
  assert.deepEqual(byDest['/t'], { Type: 'tmpfs', Source: '', Destination: '/t', Mode: '', RW: true, Propagation: '' });
  assert.match(byDest['/anon'].Name, /^[0-9a-f]{64}$/);
  assert.equal(byDest['/anon'].Mode, '', 'docker sends -v /path in Config.Volumes: no "z"');
  assert.equal(info.Mounts.length, 7, '--tmpfs stays in HostConfig.Tmpfs');
  assert.deepEqual(info.HostConfig.Tmpfs, { '/t2': 'size=2m' });
  assert.deepEqual([...info.HostConfig.Binds].sort(), [`${host}:/a:ro,Z`, 'mnt-i:/n:nocopy', 'mnt-j:/j'].sort());
  assert.deepEqual(info.Config.Volumes, { '/anon': {} });
  assert.deepEqual(info.HostConfig.Mounts[1], { Type: 'volume', Source: 'mnt-k', Target: '/k', VolumeOptions: { NoCopy: true, DriverConfig: {} } }, 'as given (Docker 20.10 shows the same)');
  assert.equal((await ok(['ps', '-aq', '--no-trunc', '--filter', 'volume=mnt-j'])).trim(), id);
  assert.equal((await ok(['ps', '-aq', '--no-trunc', '--filter', 'volume=/t'])).trim(), id);
  await ok(['rm', '-v', id]);
  assert.deepEqual((await volumes()).filter((v) => v.startsWith('mnt-')).sort(), ['mnt-i', 'mnt-j', 'mnt-k'], 'rm -v: named volumes stay');
  await ok(['volume', 'rm', 'mnt-i', 'mnt-j', 'mnt-k']);
});

test('copy-up: an empty volume over image content gets it with owners, modes and symlinks; nocopy and volume-nocopy do not', async () => {
  await withImage();
  const show = 'stat -c "%u:%g %a %N" /data /data/f /data/l; cat /data/f';
  const want = "1:2 750 /data\n1234:5678 640 /data/f\n0:0 777 '/data/l' -> 'f'\nimage\n";
  assert.equal(await ok(['run', '--rm', '-v', 'mnt-cu:/data', 'mnt-image:1', 'sh', '-c', show]), want);
  assert.equal(await ok(['run', '--rm', '--mount', 'type=volume,src=mnt-cu2,dst=/data', 'mnt-image:1', 'sh', '-c', show]), want);
  const created = (await ok(['create', '-v', 'mnt-cu3:/data', 'mnt-image:1'])).trim();
  assert.equal(await ok(['run', '--rm', '-v', 'mnt-cu3:/x', 'busybox', 'cat', '/x/f']), 'image\n', 'filled at create, before any start (Docker)');
  await ok(['rm', created]);
  await ok(['run', '--rm', '-v', 'mnt-cu:/data', 'busybox', 'sh', '-c', 'echo changed > /data/f']);
  assert.equal(await ok(['run', '--rm', '-v', 'mnt-cu:/data', 'mnt-image:1', 'cat', '/data/f']), 'changed\n', 'a volume with content is not copied into');
  assert.equal(await ok(['run', '--rm', '-v', 'mnt-nc:/data:nocopy', 'mnt-image:1', 'ls', '-A', '/data']), '');
  assert.equal(await ok(['run', '--rm', '--mount', 'type=volume,src=mnt-nc2,dst=/data,volume-nocopy', 'mnt-image:1', 'ls', '-A', '/data']), '');
  const again = (await ok(['create', '-v', 'mnt-cu4:/data', 'mnt-image:1', 'sh', '-c', 'ls /data; rm -f /data/f /data/l'])).trim();
  assert.equal(await ok(['start', '-a', again]), 'f\nl\n');
  assert.equal(await ok(['start', '-a', again]), '', 'emptied by the first run, not filled again by a restart');
  await ok(['rm', again]);
  await ok(['volume', 'rm', 'mnt-cu', 'mnt-cu2', 'mnt-cu3', 'mnt-cu4', 'mnt-nc', 'mnt-nc2']);
});

test('a volume with driver options (tmpfs) is mounted for the run and unmounted after; it starts empty, as under Docker (copy-up is at create)', async () => {
  await withImage();
  const out = await ok(['run', '--rm', '--mount', 'type=volume,src=mnt-tv,dst=/data,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=1m',
    'mnt-image:1', 'sh', '-c', 'grep " /data " /proc/mounts; ls -A /data']);
  assert.equal(out, 'tmpfs /data tmpfs rw,relatime,size=1024k 0 0\n');
  assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes(join(d.dataRoot, 'volumes', 'mnt-tv')), false, 'unmounted after the run');
  // Across a wharfd SIGKILL: the restarted daemon takes the running container's mount up again,
  // and unmounts it when the container stops (afterEach checks nothing is left).
  const id = (await ok(['run', '-d', '-v', 'mnt-tv:/data', 'busybox', 'sh', '-c', 'echo live > /data/f; sleep 60'])).trim();
  await d.stop('SIGKILL');
  await d.start();
  assert.equal(await ok(['exec', id, 'cat', '/data/f']), 'live\n');
  await ok(['rm', '-f', id]);
  assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').includes(join(d.dataRoot, 'volumes', 'mnt-tv')), false, 'unmounted after the restarted daemon saw it stop');
  await ok(['volume', 'rm', 'mnt-tv']);
});

test('an image VOLUME is an anonymous volume, filled from the image; rm -v and --rm remove it, plain rm leaves it', async () => {
  await withImage();
  const before = await volumes();
  const id = (await ok(['run', '-d', 'mnt-image:1', 'cat', '/data/f'])).trim();
  assert.equal((await ok(['wait', id])).trim(), '0');
  assert.equal(await ok(['logs', id]), 'image\n');
  const [m] = JSON.parse(await ok(['inspect', id]))[0].Mounts;
  assert.deepEqual([m.Type, m.Destination, m.Mode, m.RW], ['volume', '/data', '', true]);
  assert.ok((await volumes()).includes(m.Name));
  await ok(['rm', '-v', id]);
  assert.deepEqual(await volumes(), before, 'rm -v removed it');
  await ok(['run', '--rm', 'mnt-image:1', 'true']);
  await ok(['run', '--rm', '-v', '/scratch', 'busybox', 'true']);
  assert.deepEqual(await volumes(), before, '--rm removed them');
  const kept = (await ok(['create', '-v', '/scratch', 'busybox'])).trim();
  const name = JSON.parse(await ok(['inspect', kept]))[0].Mounts[0].Name;
  await ok(['rm', kept]);
  assert.ok((await volumes()).includes(name), 'rm without -v leaves it');
  await ok(['volume', 'rm', name]);
  const bound = JSON.parse(await ok(['inspect', (await ok(['create', '-v', `${host}:/data`, 'mnt-image:1'])).trim()]))[0].Mounts;
  assert.deepEqual(bound.map((x: { Type: string }) => x.Type), ['bind'], 'a bind at the VOLUME\'s path takes its place');
});

test('--volumes-from takes the donor\'s volumes and binds, :ro makes them read-only', async () => {
  await ok(['create', '--name', 'mnt-donor', '-v', 'mnt-vf:/shared', '-v', `${host}:/b`, 'busybox']);
  await ok(['run', '--rm', '--volumes-from', 'mnt-donor', 'busybox', 'sh', '-c', 'echo via > /shared/f && echo b > /b/vf']);
  assert.equal(readFileSync(join(host, 'vf'), 'utf8'), 'b\n');
  const r = await d.docker(['run', '--rm', '--volumes-from', 'mnt-donor:ro', 'busybox', 'sh', '-c', 'cat /shared/f; echo x > /shared/g']);
  assert.equal(r.stdout, 'via\n');
  assert.match(r.stderr, /Read-only file system/);
  const mounts = JSON.parse(await ok(['inspect', (await ok(['create', '--volumes-from', 'mnt-donor:ro', 'busybox'])).trim()]))[0].Mounts;
  assert.deepEqual(mounts.map((m: { Destination: string; RW: boolean; Mode: string }) => [m.Destination, m.RW, m.Mode]).sort(), [['/b', false, ''], ['/shared', false, '']]);
  await refused(['create', '--volumes-from', 'mnt-nosuch', 'busybox'], 'Error response from daemon: No such container: mnt-nosuch\n');
  await refused(['create', '--volumes-from', 'mnt-donor:bogus', 'busybox'], 'Error response from daemon: invalid mode: bogus\n');
  await ok(['rm', '-fv', ...(await ok(['ps', '-aq'])).split('\n').filter(Boolean)]);
  await ok(['volume', 'rm', 'mnt-vf']);
});

test('tmpfs: --tmpfs and --mount type=tmpfs with Docker\'s options, size and mode; --read-only with volumes and tmpfs', async () => {
  const line = (args: string[]) => ok(['run', '--rm', ...args, 'busybox', 'sh', '-c', 'grep " /x " /proc/mounts; stat -c %a /x']);
  assert.equal(await line(['--tmpfs', '/x']), 'tmpfs /x tmpfs rw,nosuid,nodev,noexec,relatime 0 0\n1777\n');
  assert.equal(await line(['--tmpfs', '/x:size=2m,mode=700,exec']), 'tmpfs /x tmpfs rw,nosuid,nodev,relatime,size=2048k,mode=700 0 0\n700\n');
  assert.equal(await line(['--mount', 'type=tmpfs,dst=/x,tmpfs-size=1m,tmpfs-mode=1770']), 'tmpfs /x tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=1770 0 0\n1770\n');
  const ro = await d.docker(['run', '--rm', '--read-only', '-v', 'mnt-ro:/d', '--tmpfs', '/t', 'busybox', 'sh', '-c',
    'echo a > /d/f && echo b > /t/f && cat /etc/hostname >/dev/null && echo c > /etc/hosts']);
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /can't create \/etc\/hosts: Read-only file system/);
  await ok(['volume', 'rm', 'mnt-ro']);
  await refused(['run', '--rm', '--tmpfs', '/x:size=bogus', 'busybox', 'true'], /error mounting "tmpfs" to rootfs at "\/x".*invalid argument/);
});

test('nested mounts land parents first; a bind over /etc/hosts replaces the managed one', async () => {
  mkdirSync(join(host, 'outer'), { recursive: true });
  writeFileSync(join(host, 'hosts'), '10.9.9.9 mine\n');
  const out = await ok(['run', '--rm', '-v', 'mnt-inner:/o/in', '-v', `${join(host, 'outer')}:/o`, '-v', `${join(host, 'hosts')}:/etc/hosts:ro`, 'busybox',
    'sh', '-c', 'echo x > /o/in/f && cat /etc/hosts && grep -c " /o" /proc/mounts']);
  assert.equal(out, '10.9.9.9 mine\n2\n');
  mkdirSync(join(host, 'etc'), { recursive: true });
  const etc = await ok(['run', '--rm', '-v', `${join(host, 'etc')}:/etc`, 'busybox', 'sh', '-c', 'head -1 /etc/hosts; cat /etc/hostname | wc -c; ls /etc']);
  assert.equal(etc, '127.0.0.1\tlocalhost\n13\nhostname\nhosts\nresolv.conf\n', 'the managed /etc files land on top of a user /etc, as in Docker');
  await ok(['volume', 'rm', 'mnt-inner']);
});

test('propagation and recursion: bind-nonrecursive leaves submounts out; an rshared bind carries a mount made inside out to the host; a shared bind of a private mount is refused', async () => {
  const shared = join(host, 'shared');
  const priv = join(host, 'private');
  mkdirSync(shared);
  mkdirSync(priv);
  execFileSync('mount', ['-t', 'tmpfs', 'wh-shared', shared]);
  execFileSync('mount', ['--make-shared', shared]);
  execFileSync('mount', ['-t', 'tmpfs', 'wh-private', priv]);
  execFileSync('mount', ['--make-private', priv]);
  try {
    writeFileSync(join(shared, 'on-tmpfs'), '');
    assert.equal(await ok(['run', '--rm', '-v', `${host}:/h`, 'busybox', 'ls', '/h/shared']), 'on-tmpfs\n', 'rbind: the submount comes along');
    assert.equal(await ok(['run', '--rm', '--mount', `type=bind,src=${host},dst=/h,bind-nonrecursive`, 'busybox', 'ls', '/h/shared']), '', 'bind-nonrecursive: it does not');
    const id = (await ok(['run', '-d', '--privileged', '-v', `${shared}:/p:rshared`, 'busybox', 'sh', '-c', 'mkdir /p/sub && mount -t tmpfs inner /p/sub && touch /p/sub/seen && sleep 30'])).trim();
    const deadline = Date.now() + 10_000;
    while (!existsSync(join(shared, 'sub', 'seen')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(join(shared, 'sub', 'seen')), 'the mount inside is seen on the host');
    await ok(['rm', '-f', id]);
    await refused(['run', '--rm', '-v', `${priv}:/p:shared`, 'busybox', 'true'], `docker: Error response from daemon: path ${priv} is mounted on ${priv} but it is not a shared mount\n\nRun 'docker run --help' for more information\n`);
    await refused(['run', '--rm', '-v', `${priv}:/p:rslave`, 'busybox', 'true'], `docker: Error response from daemon: path ${priv} is mounted on ${priv} but it is not a shared or slave mount\n\nRun 'docker run --help' for more information\n`);
  } finally {
    execFileSync('umount', ['-R', '-l', shared]);
    execFileSync('umount', ['-l', priv]);
  }
});

test('API 1.44+ mount fields are applied: CreateMountpoint, ReadOnlyForceRecursive (rro), TmpfsOptions.Options; Subpath is refused', async () => {
  const made = join(host, 'api-made');
  const sub = join(host, 'api-sub');
  mkdirSync(join(sub, 'inner'), { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', 'wh-inner', join(sub, 'inner')]);
  try {
    const create = await d.api('POST', '/v1.50/containers/create', {
      Image: 'busybox', Cmd: ['sh', '-c', 'ls -d /m; touch /r/inner/x 2>&1 | grep -o "Read-only file system"; grep " /t " /proc/mounts'],
      HostConfig: { Mounts: [
        { Type: 'bind', Source: made, Target: '/m', BindOptions: { CreateMountpoint: true } },
        { Type: 'bind', Source: sub, Target: '/r', ReadOnly: true, BindOptions: { ReadOnlyForceRecursive: true } },
        { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1 << 20, Options: [['exec']] } },
      ] },
    });
    assert.equal(create.status, 201, create.body);
    const { Id } = create.json();
    assert.equal((await d.api('POST', `/v1.50/containers/${Id}/start`)).status, 204);
    assert.equal((await ok(['wait', Id])).trim(), '0');
    assert.equal(await ok(['logs', Id]), '/m\nRead-only file system\ntmpfs /t tmpfs rw,nosuid,nodev,relatime,size=1024k 0 0\n');
    assert.ok(existsSync(made), 'CreateMountpoint made the source');
    await ok(['rm', Id]);
    const subpath = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { Mounts: [{ Type: 'volume', Source: 'mnt-sp', Target: '/s', VolumeOptions: { Subpath: 'a/b' } }] } });
    assert.deepEqual([subpath.status, subpath.json().message], [501, 'volume subpaths (--mount volume-subpath, HostConfig.Mounts VolumeOptions.Subpath) are not supported by Wharf yet']);
  } finally {
    execFileSync('umount', ['-l', join(sub, 'inner')]);
  }
  assert.equal((await volumes()).includes('mnt-sp'), false, 'refused before any volume is made');
});

test('hostile and bad mounts: Docker\'s message, a failed exit, no container and no volume left', async () => {
  const before = await volumes();
  const cases: Array<[string[], string]> = [
    [['-v', `${host}:rel`], `invalid volume specification: '${host}:rel': invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`],
    [['-v', 'bad!:/x'], 'create bad!: "bad!" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path'],
    [['-v', '/anon', '-v', 'a/b:/x'], 'create a/b: "a/b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path'],
    [['--mount', 'type=bind,src=/nonexistent-wharf,dst=/x'], 'invalid mount config for type "bind": bind source path does not exist: /nonexistent-wharf'],
    [['--mount', 'type=volume,dst=rel'], `invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute`],
    [['-v', `${host}:/`], `invalid volume specification: '${host}:/': invalid mount config for type "bind": invalid specification: destination can't be '/'`],
    [['-v', '/a:/x', '-v', '/anon', '-v', '/b:/x'], 'Duplicate mount point: /x'],
    [['-v', `${host}:/x:bogus`], 'invalid mode: bogus'],
    [['--tmpfs', 'rel'], "invalid mount path: 'rel' mount path must be absolute"],
  ];
  for (const [flags, message] of cases) {
    await refused(['create', ...flags, 'busybox'], `Error response from daemon: ${message}\n`);
  }
  // A 404, as Docker 20.10's (whose docker CLI then takes it for a missing image and tries a pull).
  const r = await d.api('POST', '/v1.41/containers/create', { Image: 'busybox', HostConfig: { Binds: ['vv:/x', '/anon'], VolumeDriver: 'nosuch' } });
  assert.deepEqual([r.status, r.json().message], [404, 'create vv: error looking up volume plugin nosuch: plugin "nosuch" not found']);
  assert.equal((await ok(['ps', '-aq'])), '');
  assert.deepEqual(await volumes(), before);
});

test('binds over /proc are refused at start by runc, as in Docker; --rm leaves nothing', async () => {
  for (const dest of ['/proc/sys', '/proc/x', '/proc']) {
    const why = dest === '/proc' ? 'cannot be mounted because it is not of type proc' : 'cannot be mounted because it is inside /proc';
    await refused(['run', '--rm', '-v', `${host}:${dest}`, 'busybox', 'true'], new RegExp(`error mounting "${host}" to rootfs at "${dest}".*${why}`));
  }
  assert.equal((await ok(['ps', '-aq'])), '');
  await ok(['run', '--rm', '-v', '/proc:/proc', 'busybox', 'true']);
});

test('wharf: run -v, --mount and --tmpfs, and rm -v, against the same daemon', async () => {
  const w = async (args: string[]) => {
    const r = await d.wharf(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  chownSync(host, 0, 0);
  chmodSync(host, 0o755);
  assert.equal(await w(['run', '--rm', '-v', 'mnt-w:/d', '--mount', `type=bind,src=${host},dst=/h,ro`, '--tmpfs', '/t:size=1m', 'busybox', 'sh', '-c',
    'echo w > /d/f && cat /d/f && grep -c " /t " /proc/mounts && ! touch /h/x 2>/dev/null && echo ro']), 'w\n1\nro\n');
  const id = (await w(['create', '-v', '/anon-w', 'busybox'])).trim();
  const name = JSON.parse(await ok(['inspect', id]))[0].Mounts[0].Name;
  await w(['rm', '-v', id]);
  assert.equal((await volumes()).includes(name), false);
  assert.ok((await volumes()).includes('mnt-w'));
  await ok(['volume', 'rm', 'mnt-w']);
});
