/**
 * `--oom-score-adj`, `--pid`, `--ipc`, `--uts`, `--device-cgroup-rule`, the block I/O device limits,
 * `--annotation` and `--cgroup-parent` through the real docker CLI on real runc, with the answers
 * and messages of Docker 20.10 (the oracle): the value reaches the process, `host` shares
 * the host's namespace, `container:<name>` joins a running container's and is stored with its ID.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../helpers/daemon.js';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

/** Whether this process has capability `bit` (CAP_SYS_RESOURCE is 24). */
const hasCap = (bit: number): boolean => (BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]}`) >> BigInt(bit)) % 2n === 1n;
const run = (...args: string[]) => d.docker(['run', '--rm', ...args]);
const noContainers = async () => assert.equal((await d.docker(['ps', '-aq'])).stdout, '');

test('--oom-score-adj reaches the process; out of range is refused with Docker\'s message', async () => {
  assert.equal((await run('--oom-score-adj', '500', 'busybox', 'cat', '/proc/self/oom_score_adj')).stdout, '500\n');
  // Lowering it needs CAP_SYS_RESOURCE, which this host's root may lack: then runc fails, as Docker's does here.
  const neg = await run('--oom-score-adj', '-300', 'busybox', 'cat', '/proc/self/oom_score_adj');
  if (hasCap(24)) assert.equal(neg.stdout, '-300\n');
  else assert.match(neg.stderr, /^docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: can't get final child's PID from pipe: EOF: unknown\n/);
  for (const v of ['2000', '-1001']) {
    const r = await run('--oom-score-adj', v, 'busybox', 'true');
    assert.equal(r.code, 125);
    assert.match(r.stderr, new RegExp(`^docker: Error response from daemon: Invalid value ${v}, range for oom score adj is \\[-1000, 1000\\]\n`));
  }
  const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { OomScoreAdj: 1001 } });
  assert.deepEqual([api.status, api.json().message], [400, 'Invalid value 1001, range for oom score adj is [-1000, 1000]']);
  const c = (await d.docker(['create', '--oom-score-adj', '7', 'busybox', 'true'])).stdout.trim();
  assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.OomScoreAdj}}', c])).stdout, '7\n');
  await d.docker(['rm', c]);
  await noContainers();
});

test('--pid host, --ipc host and --uts host share the host\'s namespaces and /dev/shm; the hostname is the host\'s', async () => {
  const ns = (t: string) => readlinkSync(`/proc/self/ns/${t}`);
  const r = await run('--pid', 'host', '--ipc', 'host', '--uts', 'host', 'busybox', 'sh', '-c',
    'for n in pid ipc uts; do readlink /proc/self/ns/$n; done; hostname; cat /etc/hostname; grep " /dev/shm " /proc/mounts | cut -d" " -f1,3');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.deepEqual(lines.slice(0, 4), [ns('pid'), ns('ipc'), ns('uts'), hostname()]);
  assert.match(lines[4]!, /^[0-9a-f]{12}$/, '/etc/hostname keeps the container\'s name, as in Docker');
  assert.equal(lines[5], 'tmpfs tmpfs', "the host's /dev/shm");
  const own = await run('busybox', 'readlink', '/proc/self/ns/pid');
  assert.notEqual(own.stdout.trim(), ns('pid'));
  const c = (await d.docker(['create', '--pid', 'host', '--ipc', 'host', '--uts', 'host', 'busybox', 'true'])).stdout.trim();
  assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}', c])).stdout, 'host host host\n');
  await d.docker(['rm', c]);
  const plain = (await d.docker(['create', 'busybox', 'true'])).stdout.trim();
  assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.IpcMode}}', plain])).stdout, 'private\n');
  await d.docker(['rm', plain]);
  await noContainers();
});

test('--ipc none has no /dev/shm', async () => {
  const r = await run('--ipc', 'none', 'busybox', 'sh', '-c', 'ls -d /dev/shm; true');
  assert.match(r.stderr, /No such file or directory/);
});

test('--pid and --ipc container:<name> join a running container\'s namespaces and /dev/shm; stored with its ID', async () => {
  const donor = (await d.docker(['run', '-d', '--name', 'donor', '--ipc', 'shareable', '--shm-size', '16m', 'busybox', 'sh', '-c', 'echo hi > /dev/shm/x; sleep 60'])).stdout.trim();
  const inDonor = async (t: string) => (await d.docker(['exec', 'donor', 'readlink', `/proc/self/ns/${t}`])).stdout;
  const r = await run('--pid', 'container:donor', '--ipc', 'container:donor', 'busybox', 'sh', '-c',
    'readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc; cat /dev/shm/x; ps -o args | grep -c "^sleep 60"; df -k /dev/shm | tail -1 | awk \'{print $2}\'');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${await inDonor('pid')}${await inDonor('ipc')}hi\n1\n16384\n`, 'the donor\'s /dev/shm, of its --shm-size');
  const c = (await d.docker(['create', '--pid', 'container:donor', '--ipc', 'container:donor', 'busybox', 'true'])).stdout.trim();
  assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}}', c])).stdout, `container:${donor} container:${donor}\n`);
  assert.ok(readFileSync('/proc/self/mounts', 'utf8').includes(`${donor}/shm `), "the donor's /dev/shm is a tmpfs on the host");
  await d.docker(['rm', '-f', c, donor]);
  assert.ok(!readFileSync('/proc/self/mounts', 'utf8').includes(`${donor}/shm `), 'and is unmounted with it');
  await noContainers();
});

test('a missing, stopped or non-shareable donor fails as in Docker', async () => {
  for (const flag of ['--pid', '--ipc']) {
    const r = await d.docker(['create', flag, 'container:nosuch', 'busybox', 'true']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error response from daemon: No such container: nosuch\n');
  }
  const stopped = (await d.docker(['create', '--name', 'stopped', '--ipc', 'shareable', 'busybox', 'true'])).stdout.trim();
  const pid = await d.docker(['run', '--rm', '--pid', 'container:stopped', 'busybox', 'true']);
  assert.equal(pid.code, 125);
  assert.match(pid.stderr, new RegExp(`^docker: Error response from daemon: container ${stopped} is not running\n`));
  const both = (await d.docker(['create', '--pid', 'container:stopped', '--ipc', 'container:stopped', 'busybox', 'true'])).stdout.trim();
  const start = await d.api('POST', `/v1.50/containers/${both}/start`);
  const msg = `can't join IPC of container ${stopped}: container ${stopped} is not running`;
  assert.deepEqual([start.status, start.json().message], [500, msg]);
  const state = (await d.api('GET', `/v1.50/containers/${both}/json`)).json().State;
  assert.deepEqual([state.Status, state.ExitCode, state.Error], ['created', 128, msg]);
  const priv = (await d.docker(['run', '-d', 'busybox', 'sleep', '60'])).stdout.trim();
  const ipc = await d.docker(['run', '--rm', '--ipc', `container:${priv.slice(0, 12)}`, 'busybox', 'true']);
  assert.equal(ipc.code, 125);
  assert.match(ipc.stderr, new RegExp(`^docker: Error response from daemon: can't join IPC of container ${priv}: non-shareable IPC \\(hint: use IpcMode:shareable for the donor container\\)\n`));
  await d.docker(['rm', '-f', both, stopped, priv]);
  await noContainers();
});

test('bad modes and a hostname with --uts host are refused', async () => {
  const conflict = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', Hostname: 'foo', HostConfig: { UTSMode: 'host' } });
  assert.deepEqual([conflict.status, conflict.json().message], [400, 'conflicting options: hostname and the UTS mode']);
  for (const [field, name] of [['PidMode', 'PID'], ['IpcMode', 'IPC'], ['UTSMode', 'UTS']]) {
    const r = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { [field!]: 'bogus' } });
    assert.deepEqual([r.status, r.json().message], [400, `invalid ${name} mode: bogus`]);
  }
  const empty = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { IpcMode: 'container:' } });
  assert.deepEqual([empty.status, empty.json().message], [400, 'invalid IPC mode: container:']);
  const cli = await d.docker(['create', '--uts', 'host', '-h', 'foo', 'busybox']);
  assert.equal(cli.stderr, 'Error response from daemon: conflicting options: hostname and the UTS mode\n');
  await noContainers();
});

test('--device-cgroup-rule allows a device by number; a bad rule fails the start with Docker\'s message', async () => {
  // 240 is a char major with no driver: allowed, opening it finds no device; denied, it is not permitted.
  const open = (...flags: string[]) => run(...flags, 'busybox', 'sh', '-c', 'mknod /tmp/n c 240 0; cat /tmp/n');
  assert.match((await open()).stderr, /can't open '\/tmp\/n': Operation not permitted/);
  assert.match((await open('--device-cgroup-rule', 'c 240:0 rmw')).stderr, /can't open '\/tmp\/n': No such device or address/);
  assert.match((await open('--device-cgroup-rule', 'c *:* rmw')).stderr, /No such device or address/);
  assert.match((await open('--device-cgroup-rule', 'c 240:0 w')).stderr, /Operation not permitted/);
  const cli = await run('--device-cgroup-rule', 'x 1:3 rmw', 'busybox', 'true');
  assert.equal(cli.code, 125);
  assert.match(cli.stderr, /^invalid argument "x 1:3 rmw" for "--device-cgroup-rule" flag: invalid device cgroup format 'x 1:3 rmw'\n/);
  for (const rule of ['x 1:3 rmw', 'c 1:3', 'a']) {
    const { Id } = (await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', Cmd: ['true'], HostConfig: { DeviceCgroupRules: [rule] } })).json();
    const start = await d.api('POST', `/v1.50/containers/${Id}/start`);
    assert.deepEqual([start.status, start.json().message], [500, `invalid device cgroup rule format: '${rule}'`]);
    const state = (await d.api('GET', `/v1.50/containers/${Id}/json`)).json();
    assert.deepEqual([state.State.Status, state.State.ExitCode, state.HostConfig.DeviceCgroupRules], ['created', 128, [rule]]);
    await d.api('DELETE', `/v1.50/containers/${Id}`);
  }
  await noContainers();
});

/** The host's first disk (a block device with a queue), as `/dev/<name>`, and its major:minor. */
function hostDisk(): { path: string; dev: string } | undefined {
  for (const name of readdirSync('/sys/block')) {
    if (/^(loop|ram|zram|dm-)/.test(name) || !existsSync(`/dev/${name}`)) continue;
    return { path: `/dev/${name}`, dev: readFileSync(`/sys/block/${name}/dev`, 'utf8').trim() };
  }
  return undefined;
}

test('--device-read-bps and the other throttles reach the blkio cgroup with the device\'s major:minor', async (t) => {
  const disk = hostDisk();
  if (!disk || !existsSync('/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device')) return t.skip('no disk or no cgroup v1 blkio throttling on this host');
  const files = ['read_bps', 'write_bps', 'read_iops', 'write_iops'].map((f) => `/sys/fs/cgroup/blkio/blkio.throttle.${f}_device`);
  const r = await run('--device-read-bps', `${disk.path}:1mb`, '--device-write-bps', `${disk.path}:2mb`,
    '--device-read-iops', `${disk.path}:10`, '--device-write-iops', `${disk.path}:20`, 'busybox', 'cat', ...files);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${disk.dev} 1048576\n${disk.dev} 2097152\n${disk.dev} 10\n${disk.dev} 20\n`);
  const c = (await d.docker(['create', '--device-read-bps', `${disk.path}:1mb`, '--device-write-iops', `${disk.path}:100`, 'busybox', 'true'])).stdout.trim();
  assert.equal((await d.docker(['inspect', '-f', '{{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteIOps}}', c])).stdout,
    `[{"Path":"${disk.path}","Rate":1048576}] [{"Path":"${disk.path}","Rate":100}]\n`);
  await d.docker(['rm', c]);
  const missing = await run('--device-read-bps', '/dev/nosuch:1mb', 'busybox', 'true');
  assert.equal(missing.code, 127, 'the docker CLI\'s code for "no such file or directory", as with Docker');
  assert.match(missing.stderr, /^docker: Error response from daemon: stat \/dev\/nosuch: no such file or directory\n/);
  const cli = await run('--device-read-bps', `${disk.path}:x`, 'busybox', 'true');
  assert.match(cli.stderr, new RegExp(`^invalid argument "${disk.path}:x" for "--device-read-bps" flag: invalid rate for device: ${disk.path}:x\\. The correct format is <device-path>:<number>\\[<unit>\\]\\. Number must be a positive integer\\. Unit is optional and can be kb, mb, or gb\n`));
  await noContainers();
});

test('--blkio-weight-device: applied where the kernel has per-device weights, else dropped with Docker\'s warning', async () => {
  const disk = hostDisk() ?? { path: '/dev/null', dev: '1:3' };
  const weights = existsSync('/sys/fs/cgroup/blkio/blkio.weight_device') || existsSync('/sys/fs/cgroup/blkio/blkio.bfq.weight_device');
  const r = await d.docker(['create', '--blkio-weight-device', `${disk.path}:100`, 'busybox', 'true']);
  assert.equal(r.code, 0, r.stderr);
  const stored = (await d.docker(['inspect', '-f', '{{json .HostConfig.BlkioWeightDevice}}', r.stdout.trim()])).stdout;
  if (weights) {
    assert.equal(stored, `[{"Path":"${disk.path}","Weight":100}]\n`);
  } else {
    assert.equal(r.stderr, 'WARNING: Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.\n');
    assert.equal(stored, '[]\n');
  }
  await d.docker(['rm', r.stdout.trim()]);
  await noContainers();
});

test('--annotation reaches the OCI runtime (runc state) and inspect; before API 1.43 it is dropped', async () => {
  const id = (await d.docker(['run', '-d', '--annotation', 'org.example.a=1', '--annotation', 'bare', 'busybox', 'sleep', '60'])).stdout.trim();
  const state = JSON.parse((await runCommand('runc', ['--root', join(d.execRoot, 'runc'), 'state', id])).stdout);
  assert.equal(state.annotations['org.example.a'], '1');
  assert.equal(state.annotations.bare, '');
  assert.equal((await d.docker(['inspect', '-f', '{{json .HostConfig.Annotations}}', id])).stdout, '{"bare":"","org.example.a":"1"}\n');
  await d.docker(['rm', '-f', id]);
  const old = (await d.api('POST', '/v1.42/containers/create', { Image: 'busybox', HostConfig: { Annotations: { a: 'b' } } })).json();
  assert.equal((await d.api('GET', `/v1.50/containers/${old.Id}/json`)).json().HostConfig.Annotations, null);
  await d.api('DELETE', `/v1.50/containers/${old.Id}`);
  await noContainers();
});

/** Removes the cgroup directories a container's /proc/self/cgroup lines name, from `parent` down (the container's own is gone). */
function removeParentCgroups(procCgroup: string, parent: string): void {
  for (const line of procCgroup.trim().split('\n')) {
    const [, controllers = '', path = ''] = line.split(':');
    // `0::` is the unified hierarchy: /sys/fs/cgroup itself on v2, /sys/fs/cgroup/unified on a hybrid v1 host.
    const unified = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
    const dir = controllers === '' ? unified : `/sys/fs/cgroup/${controllers.replace(/^name=/, '')}`;
    const top = path.slice(0, path.lastIndexOf('/')); // <…>/<parent>
    const stop = top.length - parent.replace(/^\//, '').length;
    for (let p = top; p.length >= stop && p.length > 1; p = p.slice(0, p.lastIndexOf('/'))) {
      try { rmdirSync(`${dir}${p}`); } catch { /* shared with another controller's mount, or not ours */ }
    }
  }
}

test('--cgroup-parent puts the container under that cgroup (absolute, or relative to the runtime\'s), as Docker with cgroupfs', async () => {
  const tag = `wharf-test-${process.pid}`;
  for (const parent of [`/${tag}-abs/sub`, `${tag}-rel`]) {
    const id = (await d.docker(['run', '-d', '--cgroup-parent', parent, 'busybox', 'sh', '-c', 'cat /proc/self/cgroup; sleep 60'])).stdout.trim();
    let out = '';
    for (let i = 0; i < 50 && !out; i++) out = (await d.docker(['logs', id])).stdout, await new Promise((r) => setTimeout(r, 100));
    const pids = out.split('\n').find((l) => /^\d+:pids:/.test(l) || /^0::/.test(l))!;
    if (parent.startsWith('/')) assert.equal(pids.replace(/^\d+:[^:]*:/, ''), `${parent}/${id}`);
    else assert.ok(pids.endsWith(`/${parent}/${id}`), pids);
    assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.CgroupParent}}', id])).stdout, `${parent}\n`);
    const stats = JSON.parse((await d.docker(['stats', '--no-stream', '--format', '{{json .}}', id])).stdout);
    assert.match(stats.PIDs, /^[12]$/, 'stats find the cgroup where it is');
    await d.docker(['rm', '-f', id]);
    removeParentCgroups(out, parent);
  }
  await noContainers();
});
