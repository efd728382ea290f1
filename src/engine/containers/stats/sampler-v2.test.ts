/**
 * The cgroup v2 reader on synthetic files (this host runs v1): a tree shaped like a v2 host's —
 * /proc/<pid>/cgroup with its `0::` line, the container's directory with cpu.stat, memory.*,
 * pids.* and io.stat as the kernel writes them — read by the same sampler the daemon uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIoStat, readV2Metrics } from '../../../sys/cgroup/v2.js';
import { locateCgroup } from '../../../sys/cgroup/location.js';
import { StatsSampler } from './sampler.js';

const ID = 'c'.repeat(64);

const MEMORY_STAT = `anon 1572864
file 7626752
kernel 1400832
kernel_stack 16384
pagetables 65536
sec_pagetables 0
percpu 0
sock 0
vmalloc 0
shmem 0
zswap 0
file_mapped 2723840
file_dirty 4096
file_writeback 0
swapcached 0
anon_thp 0
inactive_anon 0
active_anon 1572864
inactive_file 2510848
active_file 5115904
unevictable 0
slab_reclaimable 725576
slab_unreclaimable 455352
slab 1180928
workingset_refault_anon 0
workingset_refault_file 3
workingset_activate_anon 0
pgfault 2042
pgmajfault 45
thp_fault_alloc 1
`;

function tree(o: { memoryMax?: string; pidsMax?: string; io?: string } = {}): { root: string; cg: string; proc: string } {
  const root = mkdtempSync(join(tmpdir(), 'wharf-cg2-'));
  const cg = join(root, 'cgroup');
  const dir = join(cg, 'wharf', ID);
  const proc = join(root, 'proc');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(proc, '4242', 'net'), { recursive: true });
  writeFileSync(join(proc, '4242', 'cgroup'), `0::/wharf/${ID}\n`);
  writeFileSync(join(proc, '4242', 'net', 'dev'), 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n    lo: 10 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0\n');
  writeFileSync(join(proc, 'stat'), 'cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\n');
  writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 2500\nuser_usec 1500\nsystem_usec 1000\nnr_periods 7\nnr_throttled 2\nthrottled_usec 300\nnr_bursts 0\nburst_usec 0\n');
  writeFileSync(join(dir, 'memory.current'), '9199616\n');
  writeFileSync(join(dir, 'memory.max'), `${o.memoryMax ?? 'max'}\n`);
  writeFileSync(join(dir, 'memory.stat'), MEMORY_STAT);
  writeFileSync(join(dir, 'pids.current'), '3\n');
  writeFileSync(join(dir, 'pids.max'), `${o.pidsMax ?? 'max'}\n`);
  writeFileSync(join(dir, 'io.stat'), o.io ?? '');
  writeFileSync(join(dir, 'cgroup.procs'), '4242\n4250\n');
  return { root, cg, proc };
}

test('io.stat lines become one entry per device', () => {
  assert.deepEqual(parseIoStat('254:0 rbytes=7593984 wbytes=100 rios=30 wios=2 dbytes=0 dios=0\n8:16 rbytes=1 wbytes=2 rios=3 wios=4\n'), [
    { major: 254n, minor: 0n, rbytes: 7593984n, wbytes: 100n, rios: 30n, wios: 2n },
    { major: 8n, minor: 16n, rbytes: 1n, wbytes: 2n, rios: 3n, wios: 4n },
  ]);
});

test('the v2 reader converts µs to ns and reads "max" as no limit', async () => {
  const t = tree({ pidsMax: '50' });
  try {
    const m = await readV2Metrics(join(t.cg, 'wharf', ID));
    assert.deepEqual(m.cpu, { total: 2_500_000n, user: 1_500_000n, system: 1_000_000n, periods: 7n, throttledPeriods: 2n, throttledTime: 300_000n });
    assert.equal(m.memory.usage, 9199616n);
    assert.equal(m.memory.limit, 2n ** 64n - 1n);
    assert.equal(m.memory.stat['inactive_file'], 2510848n);
    assert.deepEqual(m.pids, { current: 3n, limit: 50n });
    assert.deepEqual(m.io, []);
  } finally {
    rmSync(t.root, { recursive: true, force: true });
  }
});

test('a v2 process is located by its 0:: line; its cgroup.procs lists the container processes', async () => {
  const t = tree();
  try {
    const loc = await locateCgroup(4242, { cgroupRoot: t.cg, procRoot: t.proc, version: 2 });
    assert.deepEqual(loc, { version: 2, dir: join(t.cg, 'wharf', ID), procsDir: join(t.cg, 'wharf', ID) });
    assert.deepEqual(await new StatsSampler({ cgroupRoot: t.cg, procRoot: t.proc, version: 2 }).processes(4242), [4242, 4250]);
    assert.equal(await locateCgroup(999, { cgroupRoot: t.cg, procRoot: t.proc, version: 2 }), undefined);
  } finally {
    rmSync(t.root, { recursive: true, force: true });
  }
});

test('a v2 sample has Docker\'s v2 shape: no percpu, max_usage or failcnt, null blkio lists but bytes, v2 memory keys', async () => {
  const t = tree({ memoryMax: '67108864', pidsMax: '50', io: '254:0 rbytes=7593984 wbytes=100 rios=30 wios=2 dbytes=0 dios=0\n' });
  try {
    const sampler = new StatsSampler({ cgroupRoot: t.cg, procRoot: t.proc, version: 2, machineMemory: 25276502016n, onlineCpus: 2 });
    const s = await sampler.sample({ Name: '/v2', Id: ID, pid: 4242 });
    assert.ok(s);
    assert.match(s.read, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    assert.deepEqual(s.pids_stats, { current: 3n, limit: 50n });
    assert.deepEqual(s.cpu_stats, {
      cpu_usage: { total_usage: 2_500_000n, usage_in_kernelmode: 1_000_000n, usage_in_usermode: 1_500_000n },
      system_cpu_usage: (100n + 5n + 50n + 1000n + 20n + 3n + 2n) * 10_000_000n, // steal is not counted
      online_cpus: 2,
      throttling_data: { periods: 7n, throttled_periods: 2n, throttled_time: 300_000n },
    });
    assert.deepEqual(Object.keys(s.memory_stats), ['usage', 'stats', 'limit']);
    assert.equal(s.memory_stats.limit, 67108864n);
    assert.deepEqual(Object.keys(s.memory_stats.stats ?? {}), [
      'active_anon', 'active_file', 'anon', 'anon_thp', 'file', 'file_dirty', 'file_mapped', 'file_writeback', 'inactive_anon',
      'inactive_file', 'kernel_stack', 'pgactivate', 'pgdeactivate', 'pgfault', 'pglazyfree', 'pglazyfreed', 'pgmajfault',
      'pgrefill', 'pgscan', 'pgsteal', 'shmem', 'slab', 'slab_reclaimable', 'slab_unreclaimable', 'sock', 'thp_collapse_alloc',
      'thp_fault_alloc', 'unevictable', 'workingset_activate', 'workingset_nodereclaim', 'workingset_refault',
    ]);
    assert.equal(s.memory_stats.stats?.['file_dirty'], 4096n);
    assert.equal(s.memory_stats.stats?.['workingset_refault'], 0n, 'a key this kernel splits reads as 0, as containerd gives it');
    assert.deepEqual(s.blkio_stats, {
      io_service_bytes_recursive: [{ major: 254n, minor: 0n, op: 'read', value: 7593984n }, { major: 254n, minor: 0n, op: 'write', value: 100n }],
      io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null,
      io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null,
    });
    assert.equal('networks' in s, false, 'loopback only: no networks, as Docker for --network none');
  } finally {
    rmSync(t.root, { recursive: true, force: true });
  }
});

test('on v2 without a memory limit the host\'s memory is the limit, and no IO leaves the bytes list null', async () => {
  const t = tree();
  try {
    const s = await new StatsSampler({ cgroupRoot: t.cg, procRoot: t.proc, version: 2, machineMemory: 1000n, onlineCpus: 1 }).sample({ Name: '/v2', Id: ID, pid: 4242 });
    assert.equal(s?.memory_stats.limit, 1000n);
    assert.equal(s?.blkio_stats.io_service_bytes_recursive, null);
    assert.deepEqual(s?.pids_stats, { current: 3n }, 'pids.max "max" is no limit: left out');
  } finally {
    rmSync(t.root, { recursive: true, force: true });
  }
});
