/**
 * The run/create flags applied for real (runc, conmon, overlayfs), through the docker CLI and
 * `wharf run` against wharfd. Expectations are the reference Docker 20.10's answers to the same
 * commands (asked on this machine): inspect fields, what the container sees, messages and exits.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let dir: string;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  dir = mkdtempSync('/tmp/wh-rf-');
  // An image with Entrypoint, Cmd, Env, WorkingDir, User and StopSignal of its own.
  const c = (await d.docker(['create', 'busybox'])).stdout.trim();
  const commit = await d.docker(['commit', '-c', 'ENV A=img B=img', '-c', 'ENTRYPOINT ["echo","ep"]', '-c', 'CMD ["cmd"]',
    '-c', 'WORKDIR /wd', '-c', 'USER 65534', '-c', 'STOPSIGNAL SIGUSR1', c, 'rf-img:1']);
  assert.equal(commit.code, 0, commit.stderr);
  await d.docker(['rm', c]);
});
afterEach(async () => {
  // A failed test leaves no container to the next one.
  for (const c of (await d.api('GET', '/v1.50/containers/json?all=1')).json() as Array<{ Id: string }>) {
    await d.api('DELETE', `/v1.50/containers/${c.Id}?force=1`);
  }
});
after(async () => {
  await d.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const inspect = async (id: string, format: string) => (await d.docker(['inspect', '-f', format, id])).stdout.trim();
const noContainers = async () => assert.equal((await d.docker(['ps', '-aq'])).stdout, '');

test('--init: catatonit is PID 1 as /sbin/docker-init, the command its child; inspect keeps Path/Args as Docker does', async () => {
  const ps = await d.docker(['run', '--rm', '--init', 'busybox', 'ps', '-o', 'pid,args']);
  assert.equal(ps.code, 0, ps.stderr);
  assert.match(ps.stdout, /^PID +COMMAND\n +1 \/sbin\/docker-init -- ps -o pid,args\n +\d+ ps -o pid,args\n$/);
  const id = (await d.docker(['run', '-d', '--init', 'busybox', 'sleep', '30'])).stdout.trim();
  assert.equal(await inspect(id, '{{json .Path}} {{json .Args}} {{json .HostConfig.Init}}'), '"sleep" ["30"] true');
  assert.equal(readFileSync(`/proc/${await inspect(id, '{{.State.Pid}}')}/comm`, 'utf8').trim(), 'docker-init');
  const stopped = Date.now();
  await d.docker(['stop', id]);
  assert.ok(Date.now() - stopped < 8000, 'the init forwards SIGTERM to sleep, which dies at once');
  await d.docker(['rm', id]);
  const plain = (await d.docker(['create', 'busybox', 'true'])).stdout.trim();
  assert.equal(await inspect(plain, '{{json .HostConfig.Init}}'), 'null');
  await d.docker(['rm', plain]);
});

/** Zombies among the children of a container's PID 1, seen from the host. */
function zombieChildren(pid: string): number {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
  return children.filter((c) => readFileSync(`/proc/${c}/stat`, 'utf8').replace(/^.*\) /, '').startsWith('Z')).length;
}

test('--init reaps orphans: without it a PID 1 that never waits keeps a zombie', async () => {
  const orphan = ['sh', '-c', 'sh -c "sleep 0.2 &"; exec sleep 30'];
  const withInit = (await d.docker(['run', '-d', '--init', 'busybox', ...orphan])).stdout.trim();
  const without = (await d.docker(['run', '-d', 'busybox', ...orphan])).stdout.trim();
  try {
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(zombieChildren(await inspect(withInit, '{{.State.Pid}}')), 0);
    assert.equal(zombieChildren(await inspect(without, '{{.State.Pid}}')), 1);
  } finally {
    await d.docker(['rm', '-f', withInit, without]);
  }
});

test('the daemon\'s init default (wharfd --init) applies unless the container says --init=false', async () => {
  const d2 = await startDaemon(['--init']);
  try {
    await d2.importBusybox();
    assert.match((await d2.docker(['run', '--rm', 'busybox', 'cat', '/proc/1/cmdline'])).stdout, /^\/sbin\/docker-init\0--\0cat\0/);
    assert.equal((await d2.docker(['run', '--rm', '--init=false', 'busybox', 'cat', '/proc/1/cmdline'])).stdout, 'cat\0/proc/1/cmdline\0');
  } finally {
    await d2.cleanup();
  }
});

test('--sysctl is applied inside; a sysctl of a shared namespace or none is refused at start with Docker\'s message', async () => {
  const r = await d.docker(['run', '--rm', '--sysctl', 'net.ipv4.ip_forward=1', '--sysctl', 'kernel.shmmax=12345', '--sysctl', 'fs.mqueue.msg_max=20',
    'busybox', 'cat', '/proc/sys/net/ipv4/ip_forward', '/proc/sys/kernel/shmmax', '/proc/sys/fs/mqueue/msg_max']);
  assert.deepEqual([r.code, r.stdout], [0, '1\n12345\n20\n'], r.stderr);
  const { Id } = (await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', Cmd: ['true'], HostConfig: { Sysctls: { 'vm.swappiness': '1' } } })).json();
  const start = await d.api('POST', `/v1.50/containers/${Id}/start`);
  assert.deepEqual([start.status, start.json().message], [500,
    'failed to create shim task: OCI runtime create failed: runc create failed: sysctl "vm.swappiness" is not in a separate kernel namespace: unknown']);
  assert.equal(await inspect(Id, '{{.State.Status}} {{.State.ExitCode}}'), 'created 128');
  await d.docker(['rm', Id]);
  const cli = await d.docker(['run', '--rm', '--sysctl', 'vm.swappiness=1', 'busybox', 'true']);
  assert.deepEqual([cli.code, cli.stderr.split('\n')[0]], [125, 'invalid argument "vm.swappiness=1" for "--sysctl" flag: sysctl \'vm.swappiness=1\' is not allowed']);
  await noContainers();
});

test('--device host:container gives the device (node and cgroup rule); a missing one fails the start as in Docker', async () => {
  const r = await d.docker(['run', '--rm', '--device', '/dev/null:/dev/mynull', 'busybox', 'sh', '-c', 'ls -l /dev/mynull; echo x > /dev/mynull && echo wrote']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^crw-rw-rw- +1 root +root +1, +3 .* \/dev\/mynull\nwrote\n$/);
  if (existsSync('/dev/net/tun')) {
    const dir_ = await d.docker(['run', '--rm', '--device', '/dev/net', 'busybox', 'sh', '-c', 'ls -l /dev/net; cat /dev/net/tun']);
    assert.match(dir_.stdout, /crw------- +1 root +root +10, +200 .* tun\n/, 'a directory gives the devices under it');
    assert.match(dir_.stderr, /File descriptor in bad state/, 'opening is allowed by the cgroup (reading an unattached tun fails with EBADFD)');
  }
  // loop-control (10:237) is not among runc's default devices: the cgroup rule decides, with its permissions.
  const open = 'exec 3</dev/k && echo opened';
  assert.equal((await d.docker(['run', '--rm', '--device', '/dev/loop-control:/dev/k:r', 'busybox', 'sh', '-c', open])).stdout, 'opened\n');
  const writeOnly = await d.docker(['run', '--rm', '--device', '/dev/loop-control:/dev/k:w', 'busybox', 'sh', '-c', open]);
  assert.equal(writeOnly.stderr, "sh: can't open /dev/k: Operation not permitted\n");
  const denied = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', `mknod /dev/k c 10 237 && ${open}`]);
  assert.equal(denied.stderr, "sh: can't open /dev/k: Operation not permitted\n", 'without --device the cgroup refuses it');
  const missing = await d.docker(['run', '--rm', '--device', '/dev/nosuch', 'busybox', 'true']);
  assert.deepEqual([missing.code, missing.stderr.split('\n')[0]], [127,
    'docker: Error response from daemon: error gathering device information while adding custom device "/dev/nosuch": no such file or directory']);
  const notDev = await d.docker(['run', '--rm', '--device', '/etc/hostname', 'busybox', 'true']);
  assert.equal(notDev.stderr.split('\n')[0], 'docker: Error response from daemon: error gathering device information while adding custom device "/etc/hostname": not a device node');
  await noContainers();
});

test('--ulimit is seen by ulimit inside (-1 is unlimited); --read-only refuses writes but /dev/shm; --oom-kill-disable sets the cgroup with Docker\'s warning', async () => {
  const u = await d.docker(['run', '--rm', '--ulimit', 'nofile=1024:2048', '--ulimit', 'core=-1', 'busybox', 'sh', '-c', 'ulimit -n; ulimit -Hn; ulimit -c']);
  assert.deepEqual([u.code, u.stdout], [0, '1024\n2048\nunlimited\n'], u.stderr);
  const ro = await d.docker(['run', '--rm', '--read-only', 'busybox', 'sh', '-c', 'touch /x; echo > /dev/shm/ok && echo shm-ok']);
  assert.equal(ro.stdout, 'shm-ok\n');
  assert.match(ro.stderr, /touch: \/x: Read-only file system/);
  const oom = await d.docker(['run', '--rm', '--oom-kill-disable', 'busybox', 'cat', '/sys/fs/cgroup/memory/memory.oom_control']);
  assert.match(oom.stdout, /^oom_kill_disable 1\n/);
  assert.equal(oom.stderr, 'WARNING: OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.\n');
  const limited = await d.docker(['run', '--rm', '-m', '64m', '--oom-kill-disable', 'busybox', 'cat', '/sys/fs/cgroup/memory/memory.oom_control']);
  assert.deepEqual([limited.stderr, limited.stdout.split('\n')[0]], ['', 'oom_kill_disable 1']);
  const def = await d.docker(['run', '--rm', 'busybox', 'cat', '/sys/fs/cgroup/memory/memory.oom_control']);
  assert.match(def.stdout, /^oom_kill_disable 0\n/);
});

test('--platform: the native one runs, another is refused with Docker\'s message; --pull never with no image fails as Docker', async () => {
  assert.equal((await d.docker(['run', '--rm', '--platform', 'linux/amd64', 'busybox', 'echo', 'ok'])).stdout, 'ok\n');
  const arm = await d.docker(['run', '--rm', '--pull', 'never', '--platform', 'linux/arm64', 'busybox', 'true']);
  assert.deepEqual([arm.code, arm.stderr.split('\n')[0]], [125,
    'docker: Error response from daemon: image with reference busybox was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64']);
  const never = await d.docker(['run', '--rm', '--pull', 'never', 'nosuch', 'true']);
  assert.deepEqual([never.code, never.stderr.split('\n')[0]], [125, 'docker: Error response from daemon: No such image: nosuch:latest']);
  const w = await d.wharf(['run', '--rm', '--pull', 'never', '--platform', 'arm64', 'busybox', 'true']);
  assert.deepEqual([w.code, w.stderr.split('\n')[0]], [125,
    'wharf: Error response from daemon: image with reference busybox was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64']);
  await noContainers();
});

test('image ENTRYPOINT/CMD/ENV/WORKDIR/USER/STOPSIGNAL are honoured as Docker does, and overridden by the user', async () => {
  // Through the API: docker CLI 28 sends repeated -e in a random order (a Go map).
  const { Id: id } = (await d.api('POST', '/v1.50/containers/create', { Image: 'rf-img:1', Cmd: ['x'], Env: ['A=1', 'A=2', 'X'] })).json();
  assert.equal(await inspect(id, '{{json .Config.Env}} {{json .Path}} {{json .Args}} {{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.WorkingDir}} {{.Config.User}} {{.Config.StopSignal}}'),
    '["A=1","A=2","X","B=img"] "echo" ["ep","x"] ["echo","ep"] ["x"] /wd 65534 SIGUSR1');
  await d.docker(['rm', id]);
  assert.equal((await d.docker(['run', '--rm', 'rf-img:1'])).stdout, 'ep cmd\n');
  assert.equal((await d.docker(['run', '--rm', '--entrypoint', '', 'rf-img:1', 'echo', 'hi'])).stdout, 'hi\n');
  const none = await d.docker(['run', '--rm', '--entrypoint', '', 'rf-img:1']);
  assert.deepEqual([none.code, none.stderr.split('\n')[0]], [125, 'docker: Error response from daemon: No command specified']);
  assert.equal((await d.docker(['run', '--rm', '--entrypoint', 'sh', 'rf-img:1', '-c', 'echo $A $B; pwd; id -u'])).stdout, 'img img\n/wd\n65534\n');
  assert.equal((await d.docker(['run', '--rm', '-e', 'A', '--entrypoint', 'env', 'rf-img:1'])).stdout.split('\n').filter((l) => /^[AB]=/.test(l)).join(','), 'B=img',
    'a bare NAME unsets the image\'s NAME in the process');
  const reset = (await d.docker(['create', '--entrypoint', '', 'rf-img:1', 'echo', 'x'])).stdout.trim();
  assert.equal(await inspect(reset, '{{json .Path}} {{json .Args}} {{json .Config.Entrypoint}} {{json .Config.Cmd}}'), '"echo" ["x"] null ["echo","x"]');
  await d.docker(['rm', reset]);
  const api = (await d.api('POST', '/v1.50/containers/create', { Image: 'rf-img:1', Entrypoint: [] })).json();
  assert.equal(await inspect(api.Id, '{{json .Path}} {{json .Args}} {{json .Config.Entrypoint}} {{json .Config.Cmd}}'), '"cmd" [] [] ["cmd"]');
  await d.docker(['rm', api.Id]);
});

test('stop uses the image\'s STOPSIGNAL, and --stop-signal over it', async () => {
  const trap = ['--entrypoint', 'sh', 'rf-img:1', '-c', 'trap "echo got-usr1; exit 3" USR1; trap "echo got-term; exit 4" TERM; while :; do sleep 0.1; done'];
  const a = (await d.docker(['run', '-d', ...trap])).stdout.trim();
  const b = (await d.docker(['run', '-d', '--stop-signal', 'TERM', ...trap])).stdout.trim();
  await new Promise((r) => setTimeout(r, 500));
  await d.docker(['stop', a, b]);
  assert.equal(await inspect(a, '{{.State.ExitCode}}'), '3');
  assert.equal((await d.docker(['logs', a])).stdout, 'got-usr1\n');
  assert.equal(await inspect(b, '{{.State.ExitCode}} {{.Config.StopSignal}}'), '4 TERM');
  await d.docker(['rm', a, b]);
  const bad = await d.docker(['create', '--stop-signal', 'FOO', 'busybox']);
  assert.equal(bad.stderr, 'Error response from daemon: Invalid signal: FOO\n');
  await noContainers();
});

test('the working directory is made at create (diff shows it), must be absolute, and not a file', async () => {
  const id = (await d.docker(['create', '-w', '/new/wd/', 'busybox', 'pwd'])).stdout.trim();
  assert.equal((await d.docker(['diff', id])).stdout, 'A /new\nA /new/wd\n');
  assert.equal(await inspect(id, '{{.Config.WorkingDir}}'), '/new/wd');
  assert.equal((await d.docker(['start', '-a', id])).stdout, '/new/wd\n');
  await d.docker(['rm', id]);
  const rel = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', WorkingDir: 'rel' });
  assert.deepEqual([rel.status, rel.json().message], [400, "the working directory 'rel' is invalid, it needs to be an absolute path"]);
  const file = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', WorkingDir: '/etc/passwd' });
  assert.deepEqual([file.status, file.json().message], [500, 'Cannot mkdir: /etc/passwd is not a directory']);
  await noContainers();
});

test('--no-healthcheck stores Docker\'s Config.Healthcheck; --hostname and --shm-size reach the container', async () => {
  const id = (await d.docker(['create', '--no-healthcheck', '--hostname', 'box1', '--shm-size', '16m', 'busybox', 'sh', '-c', 'hostname; df -k /dev/shm | tail -1'])).stdout.trim();
  assert.equal(await inspect(id, '{{json .Config.Healthcheck}} {{.Config.Hostname}} {{.HostConfig.ShmSize}}'), '{"Test":["NONE"]} box1 16777216');
  assert.match((await d.docker(['start', '-a', id])).stdout, /^box1\n\S+ +16384 /);
  await d.docker(['rm', id]);
});

test('wharf run: --env-file, --label-file, --cidfile (written; an existing file refused), -a stdout only', async () => {
  writeFileSync(join(dir, 'env'), 'A=1\n# c\nB=two words\nFROM_CLIENT\n');
  writeFileSync(join(dir, 'labels'), 'l1=v1\nl2\n');
  const cid = join(dir, 'cid');
  const r = await d.wharf(['run', '--cidfile', cid, '--env-file', join(dir, 'env'), '--label-file', join(dir, 'labels'), '-e', 'A=9',
    'busybox', 'sh', '-c', 'echo "$A|$B"']);
  assert.deepEqual([r.code, r.stdout], [0, '9|two words\n'], r.stderr);
  const id = readFileSync(cid, 'utf8');
  assert.match(id, /^[a-f0-9]{64}$/);
  assert.equal(await inspect(id, '{{json .Config.Labels}} {{.HostConfig.ContainerIDFile}}'), `{"l1":"v1"} ${cid}`);
  const again = await d.wharf(['run', '--cidfile', cid, 'busybox', 'true']);
  assert.deepEqual([again.code, again.stderr.split('\n')[0]], [125, `wharf: container ID file found, make sure the other container isn't running or delete ${cid}`]);
  await d.docker(['rm', id]);
  const lost = join(dir, 'nodir', 'cid');
  const nodir = await d.wharf(['run', '--cidfile', lost, 'busybox', 'true']);
  assert.deepEqual([nodir.code, nodir.stderr.split('\n')[0]], [127, `wharf: failed to create the container ID file: open ${lost}: no such file or directory`]);
  const failed = join(dir, 'cid-failed');
  assert.equal((await d.wharf(['run', '--cidfile', failed, '--pull', 'never', 'nosuch', 'true'])).code, 125);
  assert.equal(existsSync(failed), false, 'a failed create leaves no ID file');
  const out = await d.wharf(['run', '--rm', '-a', 'stdout', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 4']);
  assert.deepEqual([out.code, out.stdout, out.stderr], [4, 'out\n', '']);
  const err = await d.wharf(['run', '--rm', '-a', 'stderr', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 4']);
  assert.deepEqual([err.code, err.stdout, err.stderr], [4, '', 'err\n']);
  const stdinOnly = await d.wharf(['run', '--rm', '-a', 'stdin', 'busybox', 'sh', '-c', 'exit 3'], { input: '' });
  assert.deepEqual([stdinOnly.code, stdinOnly.stdout], [3, ''], 'no ID printed, the exit code returned');
  await noContainers();
  assert.deepEqual(readdirSync(dir).sort(), ['cid', 'env', 'labels']);
});
