/**
 * Resource limits through the real docker CLI, enforced by runc in the cgroups (v1 here). The
 * expected cgroup values are what Docker 20.10 shows for the same flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const CG = '/sys/fs/cgroup';

test('memory, swap, CPU, cpuset and pids limits reach the container\'s cgroups', async () => {
  const r = await d.docker(['run', '--rm', '-m', '64m', '--memory-swap', '128m', '--cpus', '1.5', '--cpu-shares', '512',
    '--pids-limit', '50', '--cpuset-cpus', '0', 'busybox', 'cat',
    `${CG}/memory/memory.limit_in_bytes`, `${CG}/memory/memory.memsw.limit_in_bytes`, `${CG}/cpu/cpu.cfs_quota_us`,
    `${CG}/cpu/cpu.cfs_period_us`, `${CG}/cpu/cpu.shares`, `${CG}/pids/pids.max`, `${CG}/cpuset/cpuset.cpus`]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['67108864', '134217728', '150000', '100000', '512', '50', '0']);
});

test('-m alone allows as much swap as memory (memory+swap = 2 × memory), as Docker does', async () => {
  const r = await d.docker(['run', '--rm', '-m', '32m', 'busybox', 'cat', `${CG}/memory/memory.memsw.limit_in_bytes`]);
  assert.equal(r.stdout.trim(), String(64 * 1024 * 1024));
});

test('the pids limit is enforced (and the same command runs without it)', async () => {
  const script = 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 1 & done; wait';
  const limited = await d.docker(['run', '--rm', '--pids-limit', '6', 'busybox', 'sh', '-c', script]);
  assert.notEqual(limited.code, 0);
  assert.match(limited.stderr, /can't fork: Resource temporarily unavailable/);
  const free = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', script]);
  assert.equal(free.code, 0, free.stderr);
});

test('limits Docker refuses are refused with its messages', async () => {
  const small = await d.docker(['run', '--rm', '-m', '1m', 'busybox', 'true']);
  assert.equal(small.code, 125);
  assert.match(small.stderr, /Error response from daemon: Minimum memory limit allowed is 6MB/);
  const swap = await d.docker(['run', '--rm', '-m', '64m', '--memory-swap', '32m', 'busybox', 'true']);
  assert.match(swap.stderr, /Minimum memoryswap limit should be larger than memory limit/);
  const cpus = await d.docker(['run', '--rm', '--cpus', '64', 'busybox', 'true']);
  assert.match(cpus.stderr, /Range of CPUs is from 0.01 to \d+\.00, as there are only \d+ CPUs available/);
});

test('inspect reports the limits in HostConfig', async () => {
  await d.docker(['create', '--name', 'limited', '-m', '64m', '--cpus', '1.5', '--pids-limit', '50', 'busybox', 'true']);
  const r = await d.docker(['inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}', 'limited']);
  assert.equal(r.stdout.trim(), '67108864 1500000000 50');
});
