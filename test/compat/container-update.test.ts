/**
 * `docker update` through the real docker CLI and the API over runc: limits reach a running
 * container's cgroups (v1 here: /sys/fs/cgroup/<controller>/wharf/<id>), are kept in inspect and
 * used by the next start; a stopped container only keeps them. Refusals and warnings are Docker
 * 20.10's (asked of the reference daemon).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const MiB = 1024 * 1024;
const V2 = existsSync('/sys/fs/cgroup/cgroup.controllers');

/** A cgroup file of the container, by its v1 name (mapped to v2's when the host is v2). */
function cgroup(id: string, v1: string): string {
  const v2: Record<string, string> = {
    'memory/memory.limit_in_bytes': 'memory.max', 'pids/pids.max': 'pids.max', 'cpu/cpu.cfs_quota_us': 'cpu.max',
    'cpu/cpu.shares': 'cpu.weight', 'cpuset/cpuset.cpus': 'cpuset.cpus',
  };
  const path = V2 ? `/sys/fs/cgroup/wharf/${id}/${v2[v1]}` : `/sys/fs/cgroup/${v1.split('/')[0]}/wharf/${id}/${v1.split('/')[1]}`;
  return readFileSync(path, 'utf8').trim();
}

async function hostConfig(name: string): Promise<any> {
  return (await d.api('GET', `/containers/${name}/json`)).json().HostConfig;
}

test('memory, swap, pids, CPU and cpuset limits of a running container change in its cgroups and in inspect', async () => {
  const id = (await d.docker(['run', '-d', '--name', 'live', 'busybox', 'sleep', '300'])).stdout.trim();
  const r = await d.docker(['update', '-m', '64m', '--memory-swap', '128m', '--pids-limit', '20', '--cpus', '0.5', '--cpu-shares', '512', '--cpuset-cpus', '0', 'live']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'live\n', '']);
  if (!V2) {
    assert.equal(cgroup(id, 'memory/memory.limit_in_bytes'), String(64 * MiB));
    assert.equal(readFileSync(`/sys/fs/cgroup/memory/wharf/${id}/memory.memsw.limit_in_bytes`, 'utf8').trim(), String(128 * MiB));
    assert.equal(cgroup(id, 'cpu/cpu.cfs_quota_us'), '50000');
    assert.equal(cgroup(id, 'cpu/cpu.shares'), '512');
  } else {
    assert.equal(cgroup(id, 'memory/memory.limit_in_bytes'), String(64 * MiB));
    assert.equal(cgroup(id, 'cpu/cpu.cfs_quota_us'), '50000 100000');
  }
  assert.equal(cgroup(id, 'pids/pids.max'), '20');
  assert.equal(cgroup(id, 'cpuset/cpuset.cpus'), '0');
  const h = await hostConfig('live');
  assert.deepEqual([h.Memory, h.MemorySwap, h.PidsLimit, h.NanoCpus, h.CpuShares, h.CpusetCpus], [64 * MiB, 128 * MiB, 20, 5e8, 512, '0']);
  // A lower memory limit fits under the swap already set; -1 lifts the PIDs limit.
  assert.equal((await d.docker(['update', '-m', '32m', '--pids-limit', '-1', 'live'])).code, 0);
  assert.equal(cgroup(id, 'memory/memory.limit_in_bytes'), String(32 * MiB));
  assert.equal(cgroup(id, 'pids/pids.max'), 'max');
  assert.deepEqual([(await hostConfig('live')).Memory, (await hostConfig('live')).PidsLimit], [32 * MiB, 0]);
  await d.docker(['rm', '-f', 'live']);
});

test('the new limit is enforced: after a PIDs limit update the running shell cannot fork', async () => {
  const script = 'sleep 2; for i in 1 2 3 4 5 6 7 8; do sleep 2 & done; wait';
  await d.docker(['run', '-d', '--name', 'forks', 'busybox', 'sh', '-c', script]);
  assert.equal((await d.docker(['update', '--pids-limit', '4', 'forks'])).code, 0);
  const code = (await d.docker(['wait', 'forks'], { timeout: 30_000 })).stdout.trim();
  assert.notEqual(code, '0');
  assert.match((await d.docker(['logs', 'forks'])).stderr, /can't fork: Resource temporarily unavailable/);
  await d.docker(['rm', '-f', 'forks']);
});

test('a paused container is updated too (its cgroups change while frozen) and stays paused', async () => {
  const id = (await d.docker(['run', '-d', '--name', 'frozen', 'busybox', 'sleep', '300'])).stdout.trim();
  await d.docker(['pause', 'frozen']);
  assert.equal((await d.docker(['update', '--pids-limit', '9', 'frozen'])).code, 0);
  assert.equal(cgroup(id, 'pids/pids.max'), '9');
  assert.equal((await d.api('GET', '/containers/frozen/json')).json().State.Status, 'paused');
  await d.docker(['rm', '-f', 'frozen']);
});

test('a stopped container keeps the update and its next start uses it', async () => {
  const id = (await d.docker(['create', '--name', 'later', 'busybox', 'sleep', '300'])).stdout.trim();
  const r = await d.docker(['update', '--pids-limit', '7', '--cpus', '1.5', '--restart', 'on-failure:3', 'later']);
  assert.deepEqual([r.code, r.stdout], [0, 'later\n'], r.stderr);
  const h = await hostConfig('later');
  assert.deepEqual([h.PidsLimit, h.NanoCpus, h.RestartPolicy], [7, 1.5e9, { Name: 'on-failure', MaximumRetryCount: 3 }]);
  assert.equal((await d.docker(['start', 'later'])).code, 0);
  assert.equal(cgroup(id, 'pids/pids.max'), '7');
  if (!V2) assert.equal(cgroup(id, 'cpu/cpu.cfs_quota_us'), '150000');
  await d.docker(['rm', '-f', 'later']);
});

test('a real-time CPU period update reaches a running container\'s cgroup (Docker 20.10 only stores it); a runtime above the period is refused', { skip: V2 || !existsSync('/sys/fs/cgroup/cpu/cpu.rt_period_us') }, async () => {
  const id = (await d.docker(['run', '-d', '--name', 'rt', 'busybox', 'sleep', '300'])).stdout.trim();
  const r = await d.docker(['update', '--cpu-rt-period', '900000', 'rt']);
  assert.deepEqual([r.code, r.stdout], [0, 'rt\n'], r.stderr);
  assert.equal(cgroup(id, 'cpu/cpu.rt_period_us'), '900000');
  assert.equal((await hostConfig('rt')).CpuRealtimePeriod, 900000);
  const high = await d.docker(['update', '--cpu-rt-runtime', '1000000', 'rt']);
  assert.equal(high.code, 1);
  assert.match(high.stderr, /cpu real-time runtime cannot be higher than cpu real-time period/);
  assert.equal((await hostConfig('rt')).CpuRealtimeRuntime ?? 0, 0, 'nothing changed');
  await d.docker(['rm', '-f', 'rt']);
});

test("refusals: Docker's messages, statuses and exit codes; nothing is changed", async () => {
  const id = (await d.docker(['run', '-d', '--name', 'strict', 'busybox', 'sleep', '300'])).stdout.trim();
  const cases: Array<[string[], string]> = [
    [['-m', '64m'], `Cannot update container ${id}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time`],
    [['-m', '1m'], 'Minimum memory limit allowed is 6MB'],
    [['-m', '100m', '--memory-swap', '50m'], 'Minimum memoryswap limit should be larger than memory limit, see usage'],
    [['--memory-reservation', '1k'], 'Minimum memory reservation allowed is 6MB'],
    [['--cpus', '0.5', '--cpu-quota', '1000'], 'Conflicting options: Nano CPUs and CPU Quota cannot both be set'],
    [['--cpus', '64'], /^Range of CPUs is from 0\.01 to \d+\.00, as there are only \d+ CPUs available$/.source],
    [['--cpuset-cpus', '99'], /^Requested CPUs are not available - requested 99, available: [\d,-]+$/.source],
    [['--cpuset-cpus', 'abc'], 'Invalid value abc for cpuset cpus: invalid format: abc'],
    [['--restart', 'bogus'], "invalid restart policy 'bogus'"],
    [['--restart', 'on-failure:-1'], 'maximum retry count cannot be negative'],
  ];
  for (const [flags, message] of cases) {
    const r = await d.docker(['update', ...flags, 'strict']);
    assert.equal(r.code, 1, flags.join(' '));
    const m = message.startsWith('^') ? new RegExp(message) : undefined;
    const got = r.stderr.replace(/^Error response from daemon: /, '').trimEnd();
    if (m) assert.match(got, m, flags.join(' '));
    else assert.equal(got, message, flags.join(' '));
  }
  await d.docker(['update', '--cpus', '1', 'strict']);
  const quota = await d.docker(['update', '--cpu-quota', '50000', 'strict']);
  assert.equal(quota.stderr, `Error response from daemon: Cannot update container ${id}: Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set\n`);
  const h = await hostConfig('strict');
  assert.deepEqual([h.Memory, h.MemorySwap, h.CpuQuota, h.NanoCpus, h.RestartPolicy], [0, 0, 0, 1e9, { Name: 'no', MaximumRetryCount: 0 }]);
  const none = await d.docker(['update', 'strict']);
  assert.deepEqual([none.code, none.stderr], [1, 'you must provide one or more flags when using this command\n']);
  const missing = await d.docker(['update', '--cpus', '1', 'strict', 'nosuch']);
  assert.deepEqual([missing.code, missing.stdout, missing.stderr], [1, 'strict\n', 'Error response from daemon: No such container: nosuch\n']);
  await d.docker(['rm', '-f', 'strict']);
});

test('the API: Warnings (null when none), statuses of bad bodies, --rm containers keep "no"', async () => {
  const { Id } = (await d.api('POST', '/v1.50/containers/create?name=api-upd', { Image: 'busybox', Cmd: ['sleep', '300'], HostConfig: { AutoRemove: true } })).json();
  const ok = await d.api('POST', `/v1.50/containers/${Id}/update`, { CpuShares: 256 });
  assert.deepEqual([ok.status, ok.json()], [200, { Warnings: null }]);
  const auto = await d.api('POST', `/v1.50/containers/${Id}/update`, { RestartPolicy: { Name: 'always' } });
  assert.deepEqual([auto.status, auto.json().message], [409, `Cannot update container ${Id}: Restart policy cannot be updated because AutoRemove is enabled for the container`]);
  const bad = await d.api('POST', `/v1.50/containers/${Id}/update`, { Memory: 'x' });
  assert.deepEqual([bad.status, bad.json().message], [400, 'json: cannot unmarshal string into Go struct field UpdateConfig.Memory of type int64']);
  const arr = await d.api('POST', `/v1.50/containers/${Id}/update`, [1]);
  assert.equal(arr.status, 400);
  const missing = await d.api('POST', '/v1.50/containers/nosuch/update', {});
  assert.deepEqual([missing.status, missing.json().message], [404, 'No such container: nosuch']);
  const blkio = await d.api('POST', `/v1.50/containers/${Id}/update`, { BlkioWeight: 300 });
  const supported = existsSync('/sys/fs/cgroup/blkio/blkio.weight') || existsSync('/sys/fs/cgroup/blkio/blkio.bfq.weight') || V2;
  if (!supported) {
    assert.deepEqual([blkio.status, blkio.json()], [200, { Warnings: ['Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.'] }]);
    assert.equal((await hostConfig(Id)).BlkioWeight, 0, 'discarded, as Docker discards it');
  }
  await d.api('DELETE', `/containers/${Id}?force=1`);
});
