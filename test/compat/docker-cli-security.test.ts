/**
 * Docker's security defaults through the real docker CLI: the default seccomp filter (from
 * containers-common's profile), `--security-opt seccomp=unconfined|<file>`, masked paths and
 * the default capability set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const seccompMode = async (...opts: string[]) => {
  const r = await d.docker(['run', '--rm', ...opts, 'busybox', 'sh', '-c', 'grep ^Seccomp: /proc/self/status']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
};

test('containers run under a seccomp filter by default; unconfined and privileged run without', async () => {
  assert.match(await seccompMode(), /^Seccomp:\s+2$/);
  assert.match(await seccompMode('--security-opt', 'seccomp=unconfined'), /^Seccomp:\s+0$/);
  assert.match(await seccompMode('--privileged'), /^Seccomp:\s+0$/);
  const info = await d.docker(['info', '--format', '{{json .SecurityOptions}}']);
  assert.match(info.stdout, /name=seccomp,profile=default/);
});

test('a profile file given with --security-opt is applied (the CLI sends its content)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-seccomp-'));
  try {
    const profile = join(dir, 'deny-mkdir.json');
    writeFileSync(profile, JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
    }));
    const r = await d.docker(['run', '--rm', '--security-opt', `seccomp=${profile}`, 'busybox', 'mkdir', '/tmp/x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Operation not permitted/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--privileged gets every capability the daemon holds (where Docker 20.10 fails on this host)', async () => {
  const host = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1];
  const priv = await d.docker(['run', '--rm', '--privileged', 'busybox', 'sh', '-c', 'grep ^CapBnd: /proc/self/status']);
  assert.equal(priv.code, 0, priv.stderr);
  assert.equal(priv.stdout.trim(), `CapBnd:\t${host}`);
  const one = await d.docker(['run', '--rm', '--cap-drop', 'ALL', '--cap-add', 'CHOWN', 'busybox', 'sh', '-c', 'grep ^CapBnd: /proc/self/status']);
  assert.equal(one.stdout.trim(), 'CapBnd:\t0000000000000001');
});

test('--privileged gets the host\'s devices, a devices cgroup that allows all, and writable /sys (moby\'s rules)', async () => {
  const script = 'ls /dev/loop-control /dev/tty0 >/dev/null && grep -E " /sys(/fs/cgroup)? " /proc/mounts | cut -d" " -f2,4 | cut -d, -f1; cat /sys/fs/cgroup/devices/devices.list';
  const priv = await d.docker(['run', '--rm', '--privileged', 'busybox', 'sh', '-c', script]);
  assert.equal(priv.code, 0, priv.stderr);
  assert.deepEqual(priv.stdout.trim().split('\n'), ['/sys rw', '/sys/fs/cgroup rw', 'a *:* rwm']);
  const plain = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'ls /dev/tty0 2>&1; grep -E " /sys " /proc/mounts | cut -d" " -f4 | cut -d, -f1']);
  assert.deepEqual(plain.stdout.trim().split('\n'), ['ls: /dev/tty0: No such file or directory', 'ro']);
});

test('default capabilities and masked paths match Docker\'s', async () => {
  const caps = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'grep ^CapBnd: /proc/self/status']);
  assert.equal(caps.stdout.trim(), 'CapBnd:\t00000000a80425fb', 'Docker 20.10 reports the same bounding set');
  const masked = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'wc -c < /proc/timer_list']);
  assert.equal(masked.stdout.trim(), '0', '/proc/timer_list is masked (Docker shows 0 bytes too)');
  const sys = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'echo 1 > /proc/sys/kernel/panic']);
  assert.notEqual(sys.code, 0, '/proc/sys is read-only');
});
