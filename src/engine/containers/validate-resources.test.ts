import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRealtime, validateResources } from './validate-resources.js';
import { cpusetAvailable, parseCpusetList } from './cpuset.js';

const host = { cpus: '0-1', mems: '0', blkioWeight: false };

test('cpuset lists parse as Docker parses them', () => {
  assert.deepEqual([...parseCpusetList('0-2,5')], [0, 1, 2, 5]);
  assert.deepEqual([...parseCpusetList('')], []);
  for (const bad of ['abc', '0-a', '3-', '-1', '2-1', '1,,2']) assert.throws(() => parseCpusetList(bad), { message: `invalid format: ${bad}` });
  assert.equal(cpusetAvailable('1', '0-1'), true);
  assert.equal(cpusetAvailable('0,2', '0-1'), false);
});

test("resource checks give Docker's messages (asked of Docker 20.10)", () => {
  const refused: Array<[Record<string, unknown>, string]> = [
    [{ Memory: 1000 }, 'Minimum memory limit allowed is 6MB'],
    [{ Memory: 64 << 20, MemorySwap: 32 << 20 }, 'Minimum memoryswap limit should be larger than memory limit, see usage'],
    [{ MemorySwap: 64 << 20 }, 'You should always set the Memory limit when using Memoryswap limit, see usage'],
    [{ MemoryReservation: 1000 }, 'Minimum memory reservation allowed is 6MB'],
    [{ Memory: 10_000_000, MemoryReservation: 20_000_000 }, 'Minimum memory limit can not be less than memory reservation limit, see usage'],
    [{ NanoCpus: 1e9, CpuPeriod: 1000 }, 'Conflicting options: Nano CPUs and CPU Period cannot both be set'],
    [{ NanoCpus: 1e9, CpuQuota: 1000 }, 'Conflicting options: Nano CPUs and CPU Quota cannot both be set'],
    [{ NanoCpus: 64e9 }, 'Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available'],
    [{ CpuPeriod: 100 }, 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)'],
    [{ CpuQuota: 100 }, 'CPU cfs quota can not be less than 1ms (i.e. 1000)'],
    [{ CpusetCpus: '7' }, 'Requested CPUs are not available - requested 7, available: 0-1'],
    [{ CpusetMems: '3' }, 'Requested memory nodes are not available - requested 3, available: 0'],
    [{ CpusetCpus: 'abc' }, 'Invalid value abc for cpuset cpus: invalid format: abc'],
    [{ CpusetMems: '0-a' }, 'Invalid value 0-a for cpuset mems: invalid format: 0-a'],
  ];
  for (const [h, message] of refused) assert.throws(() => validateResources(h, { ncpu: 2, host }), { code: 'INVALID_ARGUMENT', message }, JSON.stringify(h));
});

test('an update may give swap alone; a blkio weight the host cannot apply is dropped with a warning, else range-checked', () => {
  assert.deepEqual(validateResources({ MemorySwap: 64 << 20 }, { update: true, ncpu: 2, host }), { warnings: [], dropped: [] });
  assert.deepEqual(validateResources({ BlkioWeight: 5 }, { ncpu: 2, host }), {
    warnings: ['Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.'], dropped: ['BlkioWeight'],
  });
  assert.throws(() => validateResources({ BlkioWeight: 5 }, { ncpu: 2, host: { ...host, blkioWeight: true } }), { message: 'Range of blkio weight is from 10 to 1000' });
  assert.deepEqual(validateResources({ BlkioWeight: 300 }, { ncpu: 2, host: { ...host, blkioWeight: true } }), { warnings: [], dropped: [] });
});

test('real-time CPU limits: Docker\'s message on a kernel without the scheduler (cgroup v2 has none), and runtime ≤ period', () => {
  assert.throws(() => checkRealtime({ CpuRealtimePeriod: 1000 }, host), { message: 'Your kernel does not support CPU real-time scheduler', code: 'INTERNAL' });
  assert.throws(() => checkRealtime({ CpuRealtimeRuntime: -1 }, host), { message: 'Your kernel does not support CPU real-time scheduler' });
  checkRealtime({}, host);
  const rt = { ...host, cpuRealtime: true };
  checkRealtime({ CpuRealtimePeriod: 1000, CpuRealtimeRuntime: 1000 }, rt);
  checkRealtime({ CpuRealtimeRuntime: 5000 }, rt);
  assert.throws(() => checkRealtime({ CpuRealtimePeriod: 1000, CpuRealtimeRuntime: 1001 }, rt), { message: 'cpu real-time runtime cannot be higher than cpu real-time period' });
});
