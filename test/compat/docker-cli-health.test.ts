/**
 * Healthchecks through the real docker CLI and the API, on real runc/conmon containers, with
 * Docker 20.10's answers as expectations: State.Health (Status, FailingStreak, the last 5 results
 * with Start/End/ExitCode/Output), the start period and start interval, timeouts (-1 and Docker's
 * text, no probe process left), `--no-healthcheck` over an image's HEALTHCHECK, `ps` status and the
 * health filter, probing that stops with the container and resumes after a daemon restart.
 * Intervals are short (100–300 ms); waits are generous for a loaded machine.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

interface HealthResult { Start: string; End: string; ExitCode: number; Output: string }
interface Health { Status: string; FailingStreak: number; Log: HealthResult[] }

let d: TestDaemon;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
});
after(async () => {
  if (d.proc?.exitCode !== null) process.stderr.write(`wharfd exited early:\n${d.log}\n`); // what killed it, if it died
  await d.cleanup();
});

async function run(args: string[]): Promise<string> {
  const r = await d.docker(['run', '-d', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

async function inspect(name: string): Promise<{ State: { Status: string; Pid: number; StartedAt: string; Health?: Health }; Config: { Healthcheck?: object } }> {
  const r = await d.api('GET', `/containers/${name}/json`);
  assert.equal(r.status, 200, r.body);
  return r.json();
}

const health = async (name: string) => (await inspect(name)).State.Health;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusIs = (name: string, status: string) => until(`${name} ${status}`, async () => {
  const h = await health(name);
  return h?.Status === status ? h : undefined;
});

const psStatus = async (name: string) => (await d.docker(['ps', '-a', '--filter', `name=^${name}$`, '--format', '{{.Status}}'])).stdout.trim();
const psNames = async (filter: string) => (await d.docker(['ps', '-a', '--filter', filter, '--format', '{{.Names}}'])).stdout.trim().split('\n').filter(Boolean).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rm = (...names: string[]) => d.docker(['rm', '-f', ...names]);

/** Processes in the pid namespace of `pid` (the container's init) whose command line is `cmd`. */
function processesInContainer(pid: number, cmd: string): number[] {
  const ns = readlinkSync(`/proc/${pid}/ns/pid`);
  const found: number[] = [];
  for (const p of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readlinkSync(`/proc/${p}/ns/pid`) !== ns) continue;
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') === cmd) found.push(Number(p));
    } catch { /* gone meanwhile */ }
  }
  return found;
}

test('starting, then healthy: Status, FailingStreak, Log entries with Start/End/ExitCode/Output; ps shows it', async () => {
  await run(['--name', 'hc-ok', '--health-cmd', 'echo hi', '--health-interval', '200ms', 'busybox', 'sleep', '300']);
  await run(['--name', 'hc-slow', '--health-cmd', 'true', '--health-interval', '30s', 'busybox', 'sleep', '300']);
  await run(['--name', 'hc-plain', 'busybox', 'sleep', '300']);
  assert.deepEqual(await health('hc-slow'), { Status: 'starting', FailingStreak: 0, Log: [] });
  assert.match(await psStatus('hc-slow'), /^Up .+ \(health: starting\)$/);
  const h = await statusIs('hc-ok', 'healthy');
  assert.equal(h.FailingStreak, 0);
  const first = h.Log[0]!;
  assert.deepEqual(Object.keys(first), ['Start', 'End', 'ExitCode', 'Output']);
  assert.deepEqual([first.ExitCode, first.Output], [0, 'hi\n']);
  const started = Date.parse((await inspect('hc-ok')).State.StartedAt);
  assert.ok(Date.parse(first.Start) - started >= 150, 'the first probe comes after the interval');
  assert.ok(Date.parse(first.End) >= Date.parse(first.Start));
  assert.match(await psStatus('hc-ok'), /^Up .+ \(healthy\)$/);
  assert.match(await psStatus('hc-plain'), /^Up [^(]+$/);
  assert.equal((await health('hc-plain')), undefined, 'no State.Health without a healthcheck');
  assert.ok(!('Health' in (await inspect('hc-plain')).State));
  // ps -f health=: Docker's values, and its error for another.
  assert.deepEqual(await psNames('health=healthy'), ['hc-ok']);
  assert.deepEqual(await psNames('health=starting'), ['hc-slow']);
  assert.deepEqual(await psNames('health=none'), ['hc-plain']);
  const bad = await d.docker(['ps', '--filter', 'health=bogus']);
  assert.deepEqual([bad.code, bad.stderr.trim()], [1, 'Error response from daemon: Unrecognised filter value for health: bogus']);
  await rm('hc-ok', 'hc-slow', 'hc-plain');
});

test('failures: unhealthy after --health-retries, the streak counts on, the log keeps the last 5', async () => {
  await run(['--name', 'hc-bad', '--health-cmd', 'echo bad >&2; exit 3', '--health-interval', '100ms', '--health-retries', '2', 'busybox', 'sleep', '300']);
  const h = await statusIs('hc-bad', 'unhealthy');
  assert.ok(h.FailingStreak >= 2, `streak ${h.FailingStreak}`);
  const full = await until('5 log entries', async () => {
    const x = await health('hc-bad');
    return x && x.FailingStreak >= 7 ? x : undefined;
  });
  assert.equal(full.Log.length, 5);
  assert.ok(full.Log.every((r) => r.ExitCode === 3 && r.Output === 'bad\n'));
  const starts = full.Log.map((r) => Date.parse(r.Start));
  assert.deepEqual([...starts].sort((a, b) => a - b), starts, 'oldest first');
  assert.match(await psStatus('hc-bad'), /^Up .+ \(unhealthy\)$/);
  assert.deepEqual(await psNames('health=unhealthy'), ['hc-bad']);
  await rm('hc-bad');
});

test('a probe past --health-timeout is killed and recorded as -1 with Docker\'s text; nothing of it is left', async () => {
  // The next probe comes 2 s after the first was cut off: time to look for what it left.
  await run(['--name', 'hc-slowprobe', '--health-cmd', 'sleep 5', '--health-timeout', '300ms', '--health-interval', '2s', '--health-retries', '1', 'busybox', 'sleep', '300']);
  const h = await statusIs('hc-slowprobe', 'unhealthy');
  assert.deepEqual([h.Log[0]!.ExitCode, h.Log[0]!.Output, h.FailingStreak], [-1, 'Health check exceeded timeout (300ms)', 1]);
  const took = Date.parse(h.Log[0]!.End) - Date.parse(h.Log[0]!.Start);
  assert.ok(took >= 300 && took < 1800, `took ${took} ms`);
  assert.deepEqual(processesInContainer((await inspect('hc-slowprobe')).State.Pid, 'sleep 5'), [], 'the probe process was killed');
  await rm('hc-slowprobe');
});

test('failures in --health-start-period do not count; after it they do', async () => {
  // In the start period a starting container is probed every start interval (API 1.44; 5 s unless given).
  await run(['--name', 'hc-grace', '--health-cmd', 'false', '--health-interval', '100ms', '--health-retries', '1', '--health-start-period', '2s',
    '--health-start-interval', '100ms', 'busybox', 'sleep', '300']);
  const seen: Health[] = [];
  const h = await until('unhealthy', async () => {
    const x = (await health('hc-grace'))!;
    seen.push(x);
    return x.Status === 'unhealthy' ? x : undefined;
  });
  const started = Date.parse((await inspect('hc-grace')).State.StartedAt);
  const starting = seen.filter((x) => x.Status === 'starting');
  assert.ok(starting.every((x) => x.FailingStreak === 0), 'no failure counted while starting');
  assert.ok(starting.some((x) => x.Log.length >= 3 && x.Log.every((r) => r.ExitCode === 1)), 'failures happened in the start period');
  assert.ok(Date.parse(h.Log.at(-1)!.Start) - started >= 2000, 'the first counted failure is after the start period');
  await rm('hc-grace');
});

test('--health-start-interval is the interval while starting in the start period', async () => {
  await run(['--name', 'hc-si', '--health-cmd', 'false', '--health-interval', '1m', '--health-start-period', '1m', '--health-start-interval', '100ms', 'busybox', 'sleep', '300']);
  const h = await until('probes at the start interval', async () => {
    const x = await health('hc-si');
    return x && x.Log.length >= 4 ? x : undefined;
  }, 10_000);
  assert.deepEqual([h.Status, h.FailingStreak], ['starting', 0]);
  assert.ok(Date.parse(h.Log[3]!.Start) - Date.parse((await inspect('hc-si')).State.StartedAt) < 8000);
  await rm('hc-si');
});

test('the API: Docker\'s create checks; StartInterval dropped for clients older than 1.44; an exec-form CMD', async () => {
  const before = (await d.api('GET', '/containers/json?all=1')).json();
  const create = (v: string, hc: object) => d.api('POST', `/${v}/containers/create`, { Image: 'busybox', Cmd: ['sleep', '300'], Healthcheck: hc });
  for (const [hc, message] of [
    [{ Test: ['CMD', 'true'], Interval: -1 }, 'Interval in Healthcheck cannot be less than 1ms'],
    [{ Test: ['CMD', 'true'], Timeout: 500_000 }, 'Timeout in Healthcheck cannot be less than 1ms'],
    [{ Test: ['CMD', 'true'], Retries: -1 }, 'Retries in Healthcheck cannot be negative'],
    [{ Test: ['CMD', 'true'], StartPeriod: -1 }, 'StartPeriod in Healthcheck cannot be less than 1ms'],
  ] as const) {
    const r = await create('v1.41', hc);
    assert.deepEqual([r.status, r.json().message], [400, message]);
  }
  assert.deepEqual((await d.api('GET', '/containers/json?all=1')).json(), before, 'nothing made');
  const old = await create('v1.41', { Test: ['CMD', 'true'], StartInterval: 5e9 });
  assert.equal(old.status, 201);
  assert.deepEqual((await inspect(old.json().Id)).Config.Healthcheck, { Test: ['CMD', 'true'] });
  const now = await create('v1.50', { Test: ['CMD', 'echo', 'exec form'], Interval: 100e6, StartInterval: 5e9 });
  assert.deepEqual((await inspect(now.json().Id)).Config.Healthcheck, { Test: ['CMD', 'echo', 'exec form'], Interval: 100e6, StartInterval: 5e9 });
  assert.equal((await d.api('POST', `/containers/${now.json().Id}/start`)).status, 204);
  const h = await until('healthy', async () => {
    const x = await health(now.json().Id);
    return x?.Status === 'healthy' ? x : undefined;
  });
  assert.equal(h.Log[0]!.Output, 'exec form\n');
  await d.api('DELETE', `/containers/${old.json().Id}?force=1`);
  await d.api('DELETE', `/containers/${now.json().Id}?force=1`);
});

test('an image\'s HEALTHCHECK (commit --change) is honoured, merged with the flags, and --no-healthcheck disables it', async () => {
  assert.equal((await d.docker(['create', '--name', 'hc-base', 'busybox', 'true'])).code, 0);
  const commit = await d.docker(['commit', '--change', 'HEALTHCHECK --interval=200ms --retries=4 CMD echo from image', 'hc-base', 'hc-image:1']);
  assert.equal(commit.code, 0, commit.stderr);
  const img = JSON.parse((await d.docker(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', 'hc-image:1'])).stdout);
  assert.deepEqual(img, { Test: ['CMD-SHELL', 'echo from image'], Interval: 200e6, Retries: 4 });
  await run(['--name', 'hc-img', 'hc-image:1', 'sleep', '300']);
  assert.equal((await statusIs('hc-img', 'healthy')).Log[0]!.Output, 'from image\n');
  await run(['--name', 'hc-img-over', '--health-cmd', 'echo mine', '--health-timeout', '2s', 'hc-image:1', 'sleep', '300']);
  assert.deepEqual((await inspect('hc-img-over')).Config.Healthcheck, { Test: ['CMD-SHELL', 'echo mine'], Interval: 200e6, Timeout: 2e9, Retries: 4 });
  assert.equal((await statusIs('hc-img-over', 'healthy')).Log[0]!.Output, 'mine\n');
  await run(['--name', 'hc-img-off', '--no-healthcheck', 'hc-image:1', 'sleep', '300']);
  const off = await inspect('hc-img-off');
  assert.deepEqual(off.Config.Healthcheck, { Test: ['NONE'], Interval: 200e6, Retries: 4 }, 'Docker\'s merge fills the durations in');
  await sleep(600);
  assert.equal((await inspect('hc-img-off')).State.Health, undefined, 'never probed');
  assert.match(await psStatus('hc-img-off'), /^Up [^(]+$/);
  assert.ok((await psNames('health=none')).includes('hc-img-off'));
  await rm('hc-img', 'hc-img-over', 'hc-img-off', 'hc-base');
  await d.docker(['rmi', 'hc-image:1']);
});

test('the monitor stops with the container: no probe after the exit, the status left unhealthy', async () => {
  await run(['--name', 'hc-stop', '--health-cmd', 'true', '--health-interval', '100ms', 'busybox', 'sleep', '300']);
  await statusIs('hc-stop', 'healthy');
  assert.equal((await d.docker(['stop', '-t', '1', 'hc-stop'])).code, 0);
  const stopped = (await health('hc-stop'))!;
  assert.equal(stopped.Status, 'unhealthy', 'Docker\'s status of a stopped monitor');
  await sleep(500);
  assert.deepEqual((await health('hc-stop'))!.Log, stopped.Log, 'no probe after the exit');
  assert.equal((await d.docker(['start', 'hc-stop'])).code, 0);
  const again = await health('hc-stop');
  assert.ok(again && (again.Status === 'starting' || again.Status === 'healthy'));
  await statusIs('hc-stop', 'healthy');
  await rm('hc-stop');
});

test('a daemon restart keeps the container\'s health log and resumes probing', async () => {
  await run(['--name', 'hc-restart', '--health-cmd', 'true', '--health-interval', '150ms', 'busybox', 'sleep', '300']);
  await statusIs('hc-restart', 'healthy');
  await d.stop('SIGTERM');
  await d.start();
  const after = (await health('hc-restart'))!;
  assert.ok(after.Log.length >= 1, 'the log is kept');
  const last = after.Log.at(-1)!.Start;
  await until('a probe after the restart', async () => {
    const h = await health('hc-restart');
    return h && h.Status === 'healthy' && h.Log.at(-1)!.Start > last;
  });
  await rm('hc-restart');
});

test('--health-start-period alone: probes wait for the default start interval, cut at the end of the start period', async () => {
  await run(['--name', 'hc-period', '--health-cmd', 'true', '--health-interval', '100ms', '--health-start-period', '1s', 'busybox', 'sleep', '300']);
  const h = await statusIs('hc-period', 'healthy');
  const first = Date.parse(h.Log[0]!.Start) - Date.parse((await inspect('hc-period')).State.StartedAt);
  assert.ok(first >= 950 && first < 4000, `the first probe came ${first} ms after the start`);
  await rm('hc-period');
});

test('a daemon shutdown kills the probe in flight: nothing of it stays in the container, which runs on', async () => {
  await run(['--name', 'hc-hang', '--health-cmd', 'sleep 100', '--health-timeout', '200s', '--health-interval', '100ms', 'busybox', 'sleep', '300']);
  const pid = (await inspect('hc-hang')).State.Pid;
  await until('the probe running', async () => processesInContainer(pid, 'sleep 100').length === 1);
  assert.equal(await d.stop('SIGTERM'), 0);
  assert.deepEqual(processesInContainer(pid, 'sleep 100'), []);
  assert.doesNotThrow(() => process.kill(pid, 0), 'the container still runs');
  await d.start();
  await rm('hc-hang');
});
