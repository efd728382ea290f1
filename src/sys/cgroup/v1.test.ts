/** The cgroup v1 reader on synthetic controller directories: units, "max", and which blkio files count. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readV1Metrics } from './v1.js';
import { parseBlkioFile, readV1Blkio } from './v1-blkio.js';
import { locateCgroup, parseProcCgroup } from './location.js';

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-cg1-'));
    try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

function files(dir: string, content: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(content)) writeFileSync(join(dir, name), text);
  return dir;
}

test('/proc/<pid>/cgroup: every controller of a line, joined ones split, the v2 line under ""', () => {
  const m = parseProcCgroup('12:pids:/wharf/x\n4:cpu,cpuacct:/wharf/x\n1:name=systemd:/user.slice\n0::/\n');
  assert.equal(m.get('pids'), '/wharf/x');
  assert.equal(m.get('cpu'), '/wharf/x');
  assert.equal(m.get('cpuacct'), '/wharf/x');
  assert.equal(m.get('name=systemd'), '/user.slice');
  assert.equal(m.get(''), '/');
});

test('a v1 process gets each controller\'s directory; a controller it is not in has none', withDir(async (dir) => {
  files(join(dir, 'proc', '7'), { cgroup: '9:devices:/wharf/x\n4:memory:/wharf/x\n2:cpu,cpuacct:/wharf/x\n0::/\n' });
  const loc = await locateCgroup(7, { cgroupRoot: join(dir, 'cg'), procRoot: join(dir, 'proc'), version: 1 });
  assert.deepEqual(loc, {
    version: 1,
    dirs: { cpu: join(dir, 'cg/cpu/wharf/x'), cpuacct: join(dir, 'cg/cpuacct/wharf/x'), memory: join(dir, 'cg/memory/wharf/x'), pids: undefined, blkio: undefined },
    procsDir: join(dir, 'cg/devices/wharf/x'),
  });
}));

test('cpuacct.stat ticks become ns, per-CPU usage is kept, pids "max" is 0, missing controllers read as zeros', withDir(async (dir) => {
  const cpuacct = files(join(dir, 'cpuacct'), { 'cpuacct.usage': '73000091165\n', 'cpuacct.usage_percpu': '43496050693 29504040472 \n', 'cpuacct.stat': 'user 7257\nsystem 42\n' });
  const cpu = files(join(dir, 'cpu'), { 'cpu.stat': 'nr_periods 10\nnr_throttled 3\nthrottled_time 123456\n' });
  const memory = files(join(dir, 'memory'), {
    'memory.usage_in_bytes': '2428928\n', 'memory.max_usage_in_bytes': '3825664\n', 'memory.failcnt': '0\n',
    'memory.limit_in_bytes': '9223372036854771712\n', 'memory.stat': 'cache 1970176\nhierarchical_memory_limit 9223372036854771712\n',
  });
  const pids = files(join(dir, 'pids'), { 'pids.current': '2\n', 'pids.max': 'max\n' });
  const m = await readV1Metrics({ cpu, cpuacct, memory, pids });
  assert.deepEqual(m.cpu, { total: 73000091165n, perCpu: [43496050693n, 29504040472n], user: 72570000000n, system: 420000000n });
  assert.deepEqual(m.throttling, { periods: 10n, throttledPeriods: 3n, throttledTime: 123456n });
  assert.equal(m.memory.limit, 9223372036854771712n, 'exact beyond 2^53');
  assert.equal(m.memory.stat['hierarchical_memory_limit'], 9223372036854771712n);
  assert.deepEqual(m.pids, { current: 2n, limit: 0n });
  assert.deepEqual(m.blkio.ioServiceBytesRecursive, [], 'no blkio controller: empty lists');
}));

test('blkio lines: device, op and value; sectors/time lines have no op; Total lines are skipped', () => {
  assert.deepEqual(parseBlkioFile('254:0 Read 4096\n254:0 Write 8192\n254:0 Total 12288\nTotal 12288\n'), [
    { major: 254n, minor: 0n, op: 'Read', value: 4096n },
    { major: 254n, minor: 0n, op: 'Write', value: 8192n },
    { major: 254n, minor: 0n, op: 'Total', value: 12288n },
  ]);
  assert.deepEqual(parseBlkioFile('8:0 2048\n'), [{ major: 8n, minor: 0n, op: '', value: 2048n }]);
});

test('blkio: the throttle files when there are no CFQ files, or only empty ones; the CFQ files when they hold data', withDir(async (dir) => {
  const throttle = { 'blkio.throttle.io_service_bytes': '254:0 Read 100\n254:0 Write 200\nTotal 300\n', 'blkio.throttle.io_serviced': '254:0 Read 1\nTotal 1\n' };
  const onlyThrottle = await readV1Blkio(files(join(dir, 'a'), throttle));
  assert.deepEqual(onlyThrottle.ioServiceBytesRecursive.map((e) => [e.op, e.value]), [['Read', 100n], ['Write', 200n]]);
  assert.deepEqual(onlyThrottle.ioServicedRecursive.map((e) => [e.op, e.value]), [['Read', 1n]]);
  assert.deepEqual(onlyThrottle.sectorsRecursive, []);
  const emptyCfq = await readV1Blkio(files(join(dir, 'b'), { ...throttle, 'blkio.io_serviced_recursive': 'Total 0\n', 'blkio.io_service_bytes_recursive': 'Total 0\n' }));
  assert.deepEqual(emptyCfq.ioServiceBytesRecursive.map((e) => e.value), [100n, 200n]);
  const cfq = await readV1Blkio(files(join(dir, 'c'), {
    ...throttle, 'blkio.io_service_bytes_recursive': '8:0 Read 5\nTotal 5\n', 'blkio.sectors_recursive': '8:0 9\n', 'blkio.time_recursive': '8:0 3\n',
  }));
  assert.deepEqual(cfq.ioServiceBytesRecursive.map((e) => [e.major, e.op, e.value]), [[8n, 'Read', 5n]]);
  assert.deepEqual(cfq.sectorsRecursive.map((e) => e.value), [9n]);
  assert.deepEqual(cfq.ioTimeRecursive.map((e) => e.value), [3n]);
}));
