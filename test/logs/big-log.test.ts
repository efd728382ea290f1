/**
 * `logs` on a big log (~50 MB of output, not rotated) never reads the whole log into memory: a tail
 * reads only the end of the file, and a full read streams at the client's pace. Measured on the
 * daemon process itself: /proc/<pid>/io `rchar` (bytes it read) and VmHWM (its peak RSS, reset
 * through /proc/<pid>/clear_refs before each measure), not on timings alone.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DOCKER, runCommand, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { logFiles } from './helpers.js';

const LINES = 500_000; // of 100 bytes each: 50 MB of output, ~68 MB of log records
const MB = 1024 * 1024;

let d: TestDaemon;
let id: string;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  const run = await d.docker(['run', '-d', '--name', 'big', '--log-opt', 'max-size=200m', 'busybox', 'sh', '-c',
    `head -c ${LINES * 100} /dev/zero | tr '\\0' x | fold -w 100; echo; echo last`]);
  assert.equal(run.code, 0, run.stderr);
  id = run.stdout.trim();
  assert.equal((await d.docker(['wait', 'big'], { timeout: 30_000 })).stdout, '0\n');
});
after(async () => {
  await d.cleanup();
  assert.equal(existsSync(d.root), false);
});

const pid = () => d.proc!.pid!;
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid()}/io`, 'utf8'))![1]);
const peakRss = () => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid()}/status`, 'utf8'))![1]) * 1024;
const rss = () => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid()}/status`, 'utf8'))![1]) * 1024;
/** Resets the daemon's VmHWM to its current RSS (clear_refs 5, Linux ≥ 4.0). */
const resetPeak = () => writeFileSync(`/proc/${pid()}/clear_refs`, '5');

test('the log is one file of ~68 MB (max-size=200m: nothing rotated)', () => {
  const files = logFiles(d, id);
  assert.deepEqual([...files.keys()], ['-json.log']);
  assert.ok(files.get('-json.log')! > 60 * MB, `${files.get('-json.log')} bytes`);
});

test('logs --tail 1 reads only the end of the log and answers fast', async () => {
  const readBefore = bytesRead();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await d.api('GET', `/v1.50/containers/${id}/logs?stdout=1&tail=1`);
    times.push(performance.now() - t0);
    assert.equal(r.status, 200);
    assert.equal(r.body.slice(8), 'last\n');
  }
  const read = bytesRead() - readBefore;
  assert.ok(read < MB, `3 tails read ${read} bytes of a ${logFiles(d, id).get('-json.log')}-byte log`);
  const t0 = performance.now();
  const cli = await d.docker(['logs', '--tail', '1', 'big']);
  const cliMs = performance.now() - t0;
  assert.deepEqual([cli.code, cli.stdout], [0, 'last\n']);
  times.sort((a, b) => a - b);
  console.log(`tail=1 on the big log: API ${times.map((t) => t.toFixed(1)).join(' / ')} ms, docker logs --tail 1 ${cliMs.toFixed(0)} ms, ${read} bytes read for 3 tails`);
  assert.ok(times[1]! < 200, `API tail median ${times[1]} ms`);
  assert.ok(cliMs < 800, `docker logs --tail 1 took ${cliMs} ms`);
});

test('docker logs streams the whole big log at the client\'s pace: the daemon\'s memory does not grow with it', async () => {
  // A first read at full speed brings the heap to its working size (V8 grows its young generation
  // under this much garbage, whatever the log's size); the measure is the second, slow read.
  const warm = await runCommand('sh', ['-c', `${DOCKER} -H ${d.host} logs big | wc -l`], { timeout: 45_000 });
  assert.equal(warm.stdout.trim(), String(LINES + 1));
  const rssBefore = rss();
  resetPeak();
  // The client stops reading for 2 s: a daemon that does not wait for the socket buffers the log meanwhile.
  const r = await runCommand('sh', ['-c', `${DOCKER} -H ${d.host} logs big | (sleep 2; wc -lc)`], { timeout: 45_000 });
  const growth = peakRss() - rssBefore;
  console.log(`docker logs (slow reader) of the big log: daemon RSS ${(rssBefore / MB).toFixed(1)} MB before, peak ${(peakRss() / MB).toFixed(1)} MB (+${(growth / MB).toFixed(1)} MB), after ${(rss() / MB).toFixed(1)} MB`);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split(/\s+/).map(Number), [LINES + 1, LINES * 101 + 5]);
  assert.ok(growth < 10 * MB, `the daemon's peak RSS grew by ${(growth / MB).toFixed(1)} MB while streaming a 50 MB log`);
});
