/**
 * `top` over real runc/conmon containers, through the API, the real docker CLI and `wharf top`.
 * Expected answers (titles, messages, statuses) are what Docker 20.10 gives for the same requests.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let id = '';
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  const r = await d.docker(['run', '-d', '--name', 'topper', 'busybox', 'sh', '-c', 'sleep 301 & exec sleep 300']);
  assert.equal(r.code, 0, r.stderr);
  id = r.stdout.trim();
  // a second container, whose processes must not show in the first one's top
  assert.equal((await d.docker(['run', '-d', '--name', 'other', 'busybox', 'sleep', '302'])).code, 0);
  await d.docker(['create', '--name', 'idle', 'busybox', 'true']);
});
after(async () => { await d.cleanup(); });

/** The processes in a container's cgroup, read straight from the kernel. */
function cgroupProcs(containerId: string): number[] {
  return readFileSync(`/sys/fs/cgroup/devices/wharf/${containerId}/cgroup.procs`, 'utf8').split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
}

test('top shows the container\'s processes, and only those (default ps -ef)', async () => {
  const r = await d.api('GET', '/containers/topper/top');
  assert.equal(r.status, 200, r.body);
  const top = r.json() as { Titles: string[]; Processes: string[][] };
  assert.deepEqual(top.Titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
  assert.deepEqual(top.Processes.map((p) => p[7]).sort(), ['sleep 300', 'sleep 301']);
  assert.deepEqual(top.Processes.map((p) => Number(p[1])).sort((a, b) => a - b), cgroupProcs(id));
  for (const p of top.Processes) assert.ok(readFileSync(`/proc/${p[1]}/cgroup`, 'utf8').includes(id), `${p[1]} is in the container's cgroup`);
  assert.ok(!top.Processes.some((p) => p[7] === 'sleep 302'), 'the other container\'s process is not listed');
});

test('ps_args choose the columns: -o pid,comm', async () => {
  const r = await d.api('GET', `/containers/topper/top?ps_args=${encodeURIComponent('-o pid,comm')}`);
  const top = r.json() as { Titles: string[]; Processes: string[][] };
  assert.deepEqual(top.Titles, ['PID', 'COMMAND']);
  assert.deepEqual(top.Processes.map((p) => p[1]), ['sleep', 'sleep']);
  assert.deepEqual(top.Processes.map((p) => Number(p[0])).sort((a, b) => a - b), cgroupProcs(id));
});

test('options ps cannot combine with -q still work (ps runs again without it): axf', async () => {
  const top = (await d.api('GET', '/containers/topper/top?ps_args=axf')).json() as { Titles: string[]; Processes: string[][] };
  assert.deepEqual(top.Titles, ['PID', 'TTY', 'STAT', 'TIME', 'COMMAND']);
  assert.equal(top.Processes.length, 2);
});

test('a container that is not running is refused with Docker\'s 409; the CLIs print it and exit 1', async () => {
  const idle = (await d.docker(['inspect', '-f', '{{.Id}}', 'idle'])).stdout.trim();
  const r = await d.api('GET', '/containers/idle/top');
  assert.equal(r.status, 409);
  assert.deepEqual(r.json(), { message: `Container ${idle} is not running` });
  const cli = await d.docker(['top', 'idle']);
  assert.equal(cli.code, 1);
  assert.equal(cli.stderr.trim(), `Error response from daemon: Container ${idle} is not running`);
  const ours = await d.wharf(['top', 'idle']);
  assert.equal(ours.code, 1);
  assert.equal(ours.stderr.trim(), cli.stderr.trim());
});

test('bad ps arguments get Docker\'s messages (500), a missing container 404', async () => {
  const cases: Array<[string, number, string]> = [
    ['--bogus', 500, 'ps: error: unknown gnu long option'],
    ['-o comm', 500, "Couldn't find PID field in ps output"],
    ['-o ppid=PID', 500, 'specifying "ppid=PID" is not allowed'],
  ];
  for (const [args, status, message] of cases) {
    const r = await d.api('GET', `/containers/topper/top?ps_args=${encodeURIComponent(args)}`);
    assert.equal(r.status, status, args);
    assert.deepEqual(r.json(), { message }, args);
  }
  const missing = await d.api('GET', '/containers/nope/top');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { message: 'No such container: nope' });
});

test('docker top and wharf top print the same table (columns at least 20 wide)', async () => {
  const theirs = await d.docker(['top', 'topper', '-o', 'pid,comm']);
  const ours = await d.wharf(['top', 'topper', '-o', 'pid,comm']);
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(ours.stdout, theirs.stdout);
  assert.match(ours.stdout, /^PID {17}COMMAND\n\d+ +sleep\n\d+ +sleep\n$/);
  const ef = await d.wharf(['top', 'topper']);
  assert.match(ef.stdout.split('\n')[0]!, /^UID {17}PID {17}PPID {16}C {19}STIME {15}TTY {17}TIME {16}CMD$/);
});
