/**
 * `stats` over real runc/conmon containers (cgroup v1 here), through the API, the real docker CLI
 * and `wharf stats`. Shapes, empty samples and stream behaviour are what Docker 20.10 gives for the
 * same requests (a `--network none` container there: Wharf's containers have loopback only).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { CLI_JS, startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let busyId = '';
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  const r = await d.docker(['run', '-d', '--name', 'busy', '--network', 'none', '-m', '64m', '--pids-limit', '50', 'busybox', 'sh', '-c', 'while :; do :; done']);
  assert.equal(r.code, 0, r.stderr);
  busyId = r.stdout.trim();
  await d.docker(['create', '--name', 'idle', 'busybox', 'true']);
});
after(async () => { await d.cleanup(); });

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Key paths of a running container's sample on Docker 20.10, cgroup v1, no network (memory keys apart). */
const DOCKER_KEY_PATHS = [
  '.', '.read', '.preread', '.pids_stats', '.pids_stats.current', '.pids_stats.limit', '.blkio_stats',
  '.blkio_stats.io_service_bytes_recursive', '.blkio_stats.io_serviced_recursive', '.blkio_stats.io_queue_recursive',
  '.blkio_stats.io_service_time_recursive', '.blkio_stats.io_wait_time_recursive', '.blkio_stats.io_merged_recursive',
  '.blkio_stats.io_time_recursive', '.blkio_stats.sectors_recursive', '.num_procs', '.storage_stats', '.cpu_stats',
  '.cpu_stats.cpu_usage', '.cpu_stats.cpu_usage.total_usage', '.cpu_stats.cpu_usage.percpu_usage',
  '.cpu_stats.cpu_usage.usage_in_kernelmode', '.cpu_stats.cpu_usage.usage_in_usermode', '.cpu_stats.system_cpu_usage',
  '.cpu_stats.online_cpus', '.cpu_stats.throttling_data', '.cpu_stats.throttling_data.periods',
  '.cpu_stats.throttling_data.throttled_periods', '.cpu_stats.throttling_data.throttled_time', '.precpu_stats',
  '.precpu_stats.cpu_usage', '.precpu_stats.cpu_usage.total_usage', '.precpu_stats.cpu_usage.percpu_usage',
  '.precpu_stats.cpu_usage.usage_in_kernelmode', '.precpu_stats.cpu_usage.usage_in_usermode',
  '.precpu_stats.system_cpu_usage', '.precpu_stats.online_cpus', '.precpu_stats.throttling_data',
  '.precpu_stats.throttling_data.periods', '.precpu_stats.throttling_data.throttled_periods',
  '.precpu_stats.throttling_data.throttled_time', '.memory_stats', '.memory_stats.usage', '.memory_stats.max_usage',
  '.memory_stats.stats', '.memory_stats.limit', '.name', '.id',
];

/** memory_stats.stats keys Docker 20.10 reports on cgroup v1. */
const DOCKER_V1_MEMORY_KEYS = [
  'active_anon', 'active_file', 'cache', 'dirty', 'hierarchical_memory_limit', 'hierarchical_memsw_limit', 'inactive_anon',
  'inactive_file', 'mapped_file', 'pgfault', 'pgmajfault', 'pgpgin', 'pgpgout', 'rss', 'rss_huge', 'total_active_anon',
  'total_active_file', 'total_cache', 'total_dirty', 'total_inactive_anon', 'total_inactive_file', 'total_mapped_file',
  'total_pgfault', 'total_pgmajfault', 'total_pgpgin', 'total_pgpgout', 'total_rss', 'total_rss_huge', 'total_unevictable',
  'total_writeback', 'unevictable', 'writeback',
];

function keyPaths(v: unknown, p = '', out: string[] = []): string[] {
  if (p.startsWith('.memory_stats.stats.')) return out;
  out.push(p || '.');
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) keyPaths(x, `${p}.${k}`, out);
  return out;
}

/** Docker's answer for a container that is not running (its bytes, with this container's name and ID). */
function dockerEmptySample(name: string, id: string): string {
  const cpu = '{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}}';
  return '{"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","pids_stats":{},"blkio_stats":{"io_service_bytes_recursive":null,'
    + '"io_serviced_recursive":null,"io_queue_recursive":null,"io_service_time_recursive":null,"io_wait_time_recursive":null,'
    + '"io_merged_recursive":null,"io_time_recursive":null,"sectors_recursive":null},"num_procs":0,"storage_stats":{},'
    + `"cpu_stats":${cpu},"precpu_stats":${cpu},"memory_stats":{},"name":"${name}","id":"${id}"}\n`;
}

interface Sample {
  read: string; preread: string; name: string; id: string;
  pids_stats: { current?: number; limit?: number };
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: unknown;
  memory_stats: { limit?: number; usage?: number; stats?: Record<string, number> };
}

/** Opens a stats stream and hands each sample to `onSample` until it returns true or the stream ends. */
function streamSamples(path: string, onSample: (s: Sample, all: Sample[]) => boolean | Promise<boolean>): Promise<{ samples: Sample[]; headers: http.IncomingHttpHeaders; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const samples: Sample[] = [];
    const req = http.get({ socketPath: d.socket, path }, (res) => {
      let buf = '';
      let done = false;
      res.setEncoding('utf8');
      res.on('data', async (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const s = JSON.parse(buf.slice(0, nl)) as Sample;
          buf = buf.slice(nl + 1);
          samples.push(s);
          if (!done && (await onSample(s, samples))) {
            done = true;
            req.destroy();
            resolve({ samples, headers: res.headers, ended: false });
          }
        }
      });
      res.on('end', () => { if (!done) resolve({ samples, headers: res.headers, ended: true }); });
    });
    req.on('error', (e) => { if (!req.destroyed) reject(e); });
  });
}

test('a one-shot sample shows the limits (64 MiB, 50 pids), and a busy loop\'s CPU time grows between two', async () => {
  const one = async () => {
    const r = await d.api('GET', '/containers/busy/stats?stream=false&one-shot=true');
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers['content-type'], 'application/json');
    return r.json() as Sample;
  };
  const a = await one();
  await new Promise((r) => setTimeout(r, 1200));
  const b = await one();
  assert.equal(a.memory_stats.limit, 64 * 1024 * 1024);
  assert.equal(a.pids_stats.limit, 50);
  assert.ok((a.pids_stats.current ?? 0) >= 1);
  assert.ok(b.cpu_stats.cpu_usage.total_usage > a.cpu_stats.cpu_usage.total_usage, 'the loop used CPU time');
  assert.ok((b.cpu_stats.system_cpu_usage ?? 0) > (a.cpu_stats.system_cpu_usage ?? 0));
  assert.equal(a.cpu_stats.online_cpus, availableParallelism());
  assert.equal(a.preread, ZERO_TIME, 'one-shot: no previous sample');
  assert.deepEqual(a.precpu_stats, { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } });
  assert.equal(a.name, '/busy');
  assert.equal(a.id, busyId);
  assert.ok(Date.now() - Date.parse(a.read) < 60_000, 'read is the sampling time');
});

test('stream=false has Docker\'s key paths and memory keys, with precpu from a sample a second before', async () => {
  const r = await d.api('GET', '/containers/busy/stats?stream=false');
  const s = r.json() as Sample & { precpu_stats: { cpu_usage: { total_usage: number } } };
  assert.deepEqual(keyPaths(s), DOCKER_KEY_PATHS);
  assert.deepEqual(Object.keys(s.memory_stats.stats ?? {}), DOCKER_V1_MEMORY_KEYS);
  const gap = Date.parse(s.read) - Date.parse(s.preread);
  assert.ok(gap >= 900 && gap < 5000, `samples ${gap} ms apart`);
  assert.ok(s.cpu_stats.cpu_usage.total_usage > s.precpu_stats.cpu_usage.total_usage);
  const old = (await d.api('GET', '/v1.40/containers/busy/stats?stream=false&one-shot=true')).json() as Sample;
  assert.notEqual(old.preread, ZERO_TIME, 'one-shot is an API 1.41 parameter: older clients get two samples');
});

test('a stream sends a sample a second, each with the previous one\'s CPU figures, and no Content-Type', async () => {
  const { samples, headers } = await streamSamples('/containers/busy/stats', (_s, all) => all.length >= 3);
  assert.equal(headers['content-type'], undefined);
  assert.equal(samples[0]!.preread, ZERO_TIME);
  for (let i = 1; i < samples.length; i++) {
    assert.deepEqual(samples[i]!.precpu_stats, samples[i - 1]!.cpu_stats);
    assert.equal(samples[i]!.preread, samples[i - 1]!.read);
    const gap = Date.parse(samples[i]!.read) - Date.parse(samples[i - 1]!.read);
    assert.ok(gap >= 700 && gap < 5000, `samples ${gap} ms apart`);
  }
});

test('a stream goes on through a stop with empty samples and ends when the container is removed', async () => {
  const r = await d.docker(['run', '-d', '--name', 'brief', 'busybox', 'sleep', '300']);
  const id = r.stdout.trim();
  let stopped = false;
  let removed = false;
  const { samples, ended } = await streamSamples('/containers/brief/stats?stream=1', async (s, all) => {
    if (all.length === 2 && !stopped) {
      stopped = true;
      await d.docker(['stop', '-t', '0', 'brief']);
    }
    if (stopped && s.read === ZERO_TIME && all.filter((x) => x.read === ZERO_TIME).length === 2 && !removed) {
      removed = true;
      await d.docker(['rm', 'brief']);
    }
    return false;
  });
  assert.equal(ended, true, 'the stream ended by itself');
  const firstEmpty = samples.findIndex((s) => s.read === ZERO_TIME);
  assert.ok(firstEmpty >= 2);
  assert.equal(samples[firstEmpty]!.preread, samples[firstEmpty - 1]!.read, 'the first empty sample keeps the last reading as preread');
  assert.deepEqual(samples[firstEmpty]!.precpu_stats, samples[firstEmpty - 1]!.cpu_stats);
  assert.equal(`${JSON.stringify(samples[firstEmpty + 1])}\n`, dockerEmptySample('/brief', id));
});

test('a container that is not running answers Docker\'s empty sample; a missing one 404', async () => {
  const idle = (await d.docker(['inspect', '-f', '{{.Id}}', 'idle'])).stdout.trim();
  for (const q of ['stream=false', 'stream=false&one-shot=true']) {
    const r = await d.api('GET', `/containers/idle/stats?${q}`);
    assert.equal(r.status, 200);
    assert.equal(r.body, dockerEmptySample('/idle', idle));
  }
  const missing = await d.api('GET', '/containers/nope/stats?stream=false');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { message: 'No such container: nope' });
});

// BLOCK I/O depends on the page cache (a cold read of the image's files counts), so its width does too.
const HEADER_TEXT = 'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O +PIDS';
const HEADER = new RegExp(`^${HEADER_TEXT.replace(/\//g, '\\/')}`);
const ROW = new RegExp(`^[0-9a-f]{12} +busy +\\d+\\.\\d\\d% +[\\d.]+[KM]iB / 64MiB +\\d+\\.\\d\\d% +0B / 0B +[\\d.]+[kMG]?B / [\\d.]+[kMG]?B +1$`);

test('docker stats --no-stream (the real docker CLI) prints a row with sensible values', async () => {
  const r = await d.docker(['stats', '--no-stream', 'busy']);
  assert.equal(r.code, 0, r.stderr);
  const [header, row, ...rest] = r.stdout.split('\n');
  assert.match(header!, new RegExp(`${HEADER.source}$`));
  assert.match(row!, ROW);
  assert.ok(row!.startsWith(busyId.slice(0, 12)));
  const cpu = Number(/ (\d+\.\d\d)% /.exec(row!)![1]);
  assert.ok(cpu > 5, `a busy loop shows CPU use (${cpu}%)`);
  assert.deepEqual(rest, ['']);
});

test('wharf stats --no-stream prints docker\'s table and --format json rows', async () => {
  const table = await d.wharf(['stats', '--no-stream', 'busy']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout.split('\n')[0]!, new RegExp(`${HEADER.source}$`));
  assert.match(table.stdout.split('\n')[1]!, ROW);
  const json = await d.wharf(['stats', '--no-stream', '--format', '{{json .}}', 'busy']);
  assert.equal(json.code, 0, json.stderr);
  const row = JSON.parse(json.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(row), ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs']);
  assert.equal(row['Container'], 'busy');
  assert.equal(row['ID'], busyId.slice(0, 12));
  assert.equal(row['Name'], 'busy');
  assert.match(row['MemUsage']!, / \/ 64MiB$/);
  assert.equal(row['PIDs'], '1');
  assert.match(row['CPUPerc']!, /^\d+\.\d\d%$/);
  const noTrunc = await d.wharf(['stats', '--no-stream', '--no-trunc', '--format', '{{.ID}} {{.Name}}', 'busy']);
  assert.equal(noTrunc.stdout, `${busyId} busy\n`);
});

test('wharf stats without names: running containers, or all with -a (a stopped one shows zeros)', async () => {
  const running = await d.wharf(['stats', '--no-stream', '--format', '{{.Name}} {{.Container}}']);
  assert.equal(running.stdout, `busy ${busyId.slice(0, 12)}\n`, 'docker CLI 28 names listed containers by their short ID');
  const all = await d.wharf(['stats', '--no-stream', '-a', '--format', '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}']);
  const rows = all.stdout.trim().split('\n').sort();
  assert.equal(rows.length, 2, all.stdout + all.stderr);
  assert.match(rows[0]!, /^busy \d+\.\d\d% [\d.]+[KM]iB \/ 64MiB 1$/);
  assert.equal(rows[1], 'idle 0.00% 0B / 0B 0');
});

test('wharf stats of a missing container fails as docker does', async () => {
  const r = await d.wharf(['stats', '--no-stream', 'nope']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'Error response from daemon: No such container: nope');
});

test('wharf stats streams: the table is redrawn with docker\'s escape codes', async () => {
  const child = spawn(process.execPath, [CLI_JS, '-H', d.host, 'stats', 'busy'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  await new Promise((r) => setTimeout(r, 2600));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const frames = out.split('\x1b[J').filter(Boolean);
  assert.ok(frames.length >= 3, `${frames.length} redraws in 2.6 s`);
  for (const f of frames) {
    assert.match(f, new RegExp(`^\\x1b\\[H${HEADER.source.slice(1)}\\n`), JSON.stringify(f.slice(0, 120)));
    assert.match(f, new RegExp(`\\x1b\\[H${HEADER.source.slice(1)} \\x1b\\[K\\n`));
    assert.ok(f.endsWith(' \x1b[K\n \x1b[K\n'));
  }
  assert.match(frames.at(-1)!, /busy +\d+\.\d\d%/);
});

test('wharf stats without names follows the list: a container that starts joins, one that stops leaves', async () => {
  const child = spawn(process.execPath, [CLI_JS, '-H', d.host, 'stats', '--format', '{{.Name}}'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const frames = () => out.split('\x1b[J').filter(Boolean).map((f) => f.split('\x1b[H')[1] ?? '');
  const waitFor = async (pred: (frame: string) => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!pred(frames().at(-1) ?? '')) {
      assert.ok(Date.now() < deadline, `${what}: ${JSON.stringify(frames().at(-1))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await waitFor((f) => f === 'busy\n', 'busy alone');
    assert.equal((await d.docker(['run', '-d', '--name', 'joiner', 'busybox', 'sleep', '300'])).code, 0);
    await waitFor((f) => f.split('\n').includes('joiner'), 'joiner joined');
    await d.docker(['stop', '-t', '0', 'joiner']);
    await waitFor((f) => f === 'busy\n', 'joiner left');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await d.docker(['rm', '-f', 'joiner']);
  }
});
