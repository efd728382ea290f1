/**
 * Every run/create flag reaches the create body as the docker CLI 28 sends it: `wharf run -d` and
 * `docker create` run against a daemon that records requests (test/helpers/capture-daemon.ts), and
 * their bodies and queries must be equal, field for field; bad values give docker's message and
 * exit status (with "docker" read as "wharf").
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureDaemon } from '../helpers/capture-daemon.js';

let c: CaptureDaemon;
let dir: string;
before(async () => {
  c = new CaptureDaemon();
  await c.start();
  dir = mkdtempSync('/tmp/wh-rfb-');
  writeFileSync(join(dir, 'env'), '\ufeffA=1\n# comment\n\n  B=2 \r\nFROM_HOST\nNOT_SET\nA=3\n');
  writeFileSync(join(dir, 'labels'), 'com.x=1\nbare\nz=2\n');
  writeFileSync(join(dir, 'seccomp.json'), '{\n  "defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": [ { "names": ["chmod"], "action": "SCMP_ACT_ERRNO" } ]\n}\n');
});
after(async () => {
  await c.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = { ...process.env, FROM_HOST: 'h', HOME_X: '/root' };

/** Flag sets whose bodies must be equal (run -d attaches nothing: compared with create's body made detached). */
const SAME: string[][] = [
  [],
  ['--init'], ['--init=false'],
  ['--sysctl', 'net.ipv4.ip_forward=1', '--sysctl', 'kernel.shmmax=65536', '--sysctl', 'net.ipv4.ip_forward=0'],
  ['--device', '/dev/null'], ['--device', '/dev/null:/dev/x/../y'], ['--device', '/dev/null:r'], ['--device', '/dev/null:/dev/z:rw'],
  ['--ulimit', 'nofile=1024:2048', '--ulimit', 'core=-1', '--ulimit', 'nproc=10', '--ulimit', 'nofile=5'],
  ['--oom-kill-disable', '-m', '64m'], ['--shm-size', '32m'], ['--group-add', '12', '--group-add', 'audio'],
  ['--read-only'], ['-h', 'host1'], ['--hostname', 'h2'],
  ['--entrypoint', ''], ['--entrypoint', 'sh -c'], ['--stop-signal', 'SIGUSR1', '--stop-timeout', '3'], ['--stop-timeout', '0'],
  ['--health-cmd', 'curl -f x', '--health-interval', '2s', '--health-retries', '3', '--health-timeout', '1s',
    '--health-start-period', '4s', '--health-start-interval', '500ms'],
  ['--no-healthcheck'], ['--health-interval', '1m30s'], ['--health-retries', '2'], ['--health-cmd', ''],
  ['--restart', 'on-failure:3'], ['--restart', 'always'], ['--restart', ''], ['--restart', 'on-failure:'],
  ['--restart', 'on-failure:-1'], ['--restart', 'always:2'], ['--restart', 'bogus'], ['--rm', '--restart', 'no'],
  ['--platform', 'amd64'], ['--platform', 'linux'], ['--platform', 'LINUX/AMD64'], ['--platform', 'linux/arm64/v8'],
  ['-e', 'A=1', '-e', 'A=2', '-e', 'FROM_HOST', '-e', 'UNSET_VAR'],
  ['--env-file', 'ENV', '-e', 'A=9', '-e', 'C=1'], ['--label-file', 'LABELS', '-l', 'z=3', '-l', 'only'],
  ['--pull', 'never'], ['--sysctl', 'net.a=b=c'],
  ['--oom-score-adj', '500'], ['--oom-score-adj=-5'], ['--pid', 'host', '--ipc', 'host', '--uts', 'host'],
  ['--pid', 'container:x', '--ipc', 'container:x'], ['--ipc', 'bogus'], ['--ipc', 'shareable'],
  ['--device-cgroup-rule', 'c 1:3 rmw', '--device-cgroup-rule', 'a *:* m'],
  ['--cgroup-parent', '/a/b'], ['--cgroup-parent', 'rel'],
  ['--annotation', 'a=1', '--annotation', 'bare', '--annotation', 'a=2=3', '--annotation', 'x='],
  ['--blkio-weight-device', '/dev/vda:100', '--blkio-weight-device', '/dev/sda:0', '--device-read-bps', '/dev/vda:1mb',
    '--device-write-bps', '/dev/vda:1.5k', '--device-write-bps', '/dev/sdb:7', '--device-read-iops', '/dev/vda:10', '--device-write-iops', '/dev/x:0'],
  ['--cgroupns', 'private'], ['--cgroupns', 'host'], ['--userns', 'host'], ['--runtime', 'io.containerd.runc.v2'], ['--runtime', 'x'],
  ['--security-opt', 'systempaths=unconfined'], ['--security-opt', 'label:disable', '--security-opt', 'systempaths=unconfined', '--security-opt', 'no-new-privileges'],
  ['--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined'], ['--security-opt', 'seccomp=SECCOMP'], ['--security-opt', 'foo=bar'],
  ['--cpu-rt-period', '900000', '--cpu-rt-runtime', '1000'],
];

const withFiles = (flags: string[]) => flags.map((f) => (f === 'ENV' ? join(dir, 'env') : f === 'LABELS' ? join(dir, 'labels') : f === 'seccomp=SECCOMP' ? `seccomp=${join(dir, 'seccomp.json')}` : f));

for (const raw of SAME) {
  test(`run ${raw.join(' ') || '(no flags)'} sends what docker sends`, async () => {
    const flags = withFiles(raw);
    c.creates.length = 0;
    const dr = await c.docker(['create', ...flags, 'busybox', 'cmd'], env);
    assert.equal(dr.code, 0, dr.stderr);
    const want = c.take();
    const wr = await c.wharf(['run', '-d', ...flags, 'busybox', 'cmd'], env);
    assert.equal(wr.code, 0, wr.stderr);
    const got = c.take();
    assert.ok(want && got);
    Object.assign(want.body, { AttachStdout: false, AttachStderr: false });
    // docker 28 sends deduplicated -e values in Go map order (random): names are unique, order is not a fact.
    for (const b of [got.body, want.body] as Array<{ Env?: string[] | null }>) b.Env?.sort();
    assert.deepEqual(got.body, want.body);
    assert.equal(String(got.query), String(want.query));
  });
}

/** Bad values: docker's message and status, and no create sent. */
const REFUSED: string[][] = [
  ['--no-healthcheck', '--health-cmd', 'true'], ['--no-healthcheck', '--health-retries', '1'],
  ['--health-interval', '-1s'], ['--health-timeout', '-1s'], ['--health-retries', '-1'], ['--health-start-period', '-1s'],
  ['--health-start-interval', '-1s'], ['--health-interval', '-1s', '--health-retries', '-1'], ['--health-interval', '5'],
  ['--health-retries', 'x'],
  ['--ulimit', 'nofile'], ['--ulimit', 'foo=1'], ['--ulimit', 'nofile=x'], ['--ulimit', 'nofile=2048:1024'], ['--ulimit', 'nofile=-1:5'],
  ['--ulimit', 'nofile=1:2:3'], ['--ulimit', 'NOFILE=5'],
  ['--sysctl', 'vm.swappiness=1'], ['--sysctl', 'x'], ['--sysctl', 'kernel.domainname=x'], ['--sysctl', 'a=b=c'], ['--sysctl', '=1'],
  ['--device', ':/x'], ['--device', '/a:/b:/c:d'], ['--device', '/dev/null:rr'], ['--device', 'null'], ['--device', '/dev/null:/dev/z:'],
  ['--shm-size', 'x'], ['--shm-size', '-1'], ['-a', 'foo'], ['-l', 'a b=1'], ['-l', '=x'],
  ['--restart', 'on-failure:x'], ['--restart', ':3'], ['--rm', '--restart', 'always'],
  ['--platform', 'x/y/z/w'], ['--platform', 'bogus!'], ['--pull', 'sometimes'],
  ['--env-file', '/nonexistent/env'], ['--label-file', '/nonexistent/labels'], ['--env-file', '/tmp'],
  ['--env-file', 'BADENV'],
  ['--device-cgroup-rule', 'x 1:3 rmw'], ['--blkio-weight-device', '/dev/vda:5'], ['--blkio-weight-device', '/dev/vda:x'],
  ['--blkio-weight-device', 'vda:100'], ['--blkio-weight-device', '/dev/vda'], ['--device-read-bps', '/dev/vda:x'],
  ['--device-write-bps', 'vda:1'], ['--device-read-iops', '/dev/vda:1k'], ['--device-write-iops', '/dev/vda'], ['--device-cgroup-rule', 'c 1:3'], ['--pid', 'bogus'], ['--pid', 'container:'], ['--uts', 'container:x'], ['--uts', 'bogus'], ['--oom-score-adj', 'x'],
  ['--cgroupns', 'bogus'], ['--userns', 'private'], ['--security-opt', 'bogus'], ['--security-opt', 'label='], ['--security-opt', 'seccomp=/nonexistent.json'],
  ['--security-opt', 'seccomp=/tmp'], ['--cpu-rt-period', 'x'],
];

for (const raw of REFUSED) {
  test(`run ${raw.join(' ')} is refused as docker refuses it`, async () => {
    writeFileSync(join(dir, 'bad'), 'export D=4\n');
    const flags = raw.map((f) => (f === 'BADENV' ? join(dir, 'bad') : f));
    c.creates.length = 0;
    const dr = await c.docker(['run', ...flags, 'busybox'], env);
    const wr = await c.wharf(['run', ...flags, 'busybox'], env);
    assert.notEqual(dr.code, 0);
    assert.equal(wr.code, dr.code, wr.stderr);
    assert.equal(wr.stderr, dr.stderr.replaceAll('docker', 'wharf'));
    assert.equal(c.creates.length, 0);
  });
}

test('--pull always asks for the image as docker does and fails with the pull\'s error', async () => {
  const dr = await c.docker(['run', '--pull', 'always', '--platform', 'linux/amd64', '-q', 'busybox:1.36', 'true']);
  const dq = c.pulls.splice(0);
  const wr = await c.wharf(['run', '--pull', 'always', '--platform', 'linux/amd64', '-q', 'busybox:1.36', 'true']);
  const wq = c.pulls.splice(0);
  assert.equal(dr.code, 125);
  assert.deepEqual([wr.code, wr.stderr], [dr.code, dr.stderr.replaceAll('docker', 'wharf')]);
  assert.deepEqual(wq.map(String), dq.map(String));
  assert.equal(String(dq[0]), 'fromImage=docker.io%2Flibrary%2Fbusybox&platform=linux%2Famd64&tag=1.36');
  assert.equal(c.creates.length, 0);
});
