/**
 * `docker events` (the real docker CLI 28) and `wharf events` against wharfd: bounded replays with
 * `--since/--until`, `--format '{{json .}}'` and the default line, a live stream that ends at its
 * `--until`, an interrupted follow, and the errors (daemon and client side) with Docker's texts and
 * exit statuses (asked of the reference Docker). Both CLIs must print the same bytes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startDaemon, CLI_JS, DOCKER, type TestDaemon } from '../helpers/daemon.js';
import { apiTime } from '../helpers/events.js';

let d: TestDaemon;
/** The window of one container's life (create … destroy), in the API's form. */
let since: string;
let until: string;
let id: string;

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  since = apiTime(BigInt(Date.now() - 1) * 1_000_000n);
  id = (await d.docker(['create', '--name', 'cli-ev', '--label', 'b=2', '--label', 'a=1', 'busybox', 'sh', '-c', 'exit 7'])).stdout.trim();
  await d.docker(['start', '-a', 'cli-ev']);
  await d.docker(['rm', 'cli-ev']);
  until = apiTime(BigInt(Date.now() + 1) * 1_000_000n);
  await new Promise((r) => setTimeout(r, 5)); // `until` is in the past from here on
});
after(async () => { await d.cleanup(); });

const both = async (args: string[]) => Promise.all([d.docker(['events', ...args]), d.wharf(['events', ...args])]);

test('a bounded replay with --format json: Docker\'s message shape, exact timeNano, same bytes from both CLIs', async () => {
  const [docker, wharf] = await both(['--since', since, '--until', until, '--filter', 'container=cli-ev', '--format', '{{json .}}']);
  assert.equal(docker.code, 0, docker.stderr);
  assert.equal(wharf.stdout, docker.stdout);
  const lines = docker.stdout.trim().split('\n');
  const events = lines.map((l) => JSON.parse(l));
  assert.deepEqual(events.map((e) => e.Action), ['create', 'attach', 'start', 'die', 'destroy']);
  const attrs = { a: '1', b: '2', image: 'busybox', name: 'cli-ev' };
  assert.deepEqual(events[3].Actor, { ID: id, Attributes: { a: '1', b: '2', exitCode: '7', image: 'busybox', name: 'cli-ev' } });
  assert.deepEqual(events[0], { status: 'create', id, from: 'busybox', Type: 'container', Action: 'create', Actor: { ID: id, Attributes: attrs }, scope: 'local', time: events[0].time, timeNano: events[0].timeNano });
  const nanos = lines.map((l) => {
    const [, time, nano] = /"time":(\d+),"timeNano":(\d+)\}$/.exec(l) ?? [];
    assert.equal(BigInt(nano!) / 1_000_000_000n, BigInt(time!), l);
    return BigInt(nano!);
  });
  assert.ok(nanos.some((n) => n % 1_000_000n !== 0n), 'nanoseconds, not rounded: the int64 stayed exact through both CLIs');
});

test('the default line: local RFC 3339 time with nanoseconds, type, action, ID, sorted attributes', async () => {
  const [docker, wharf] = await both(['--since', since, '--until', until, '--filter', 'event=die']);
  assert.equal(docker.code, 0, docker.stderr);
  assert.equal(wharf.stdout, docker.stdout);
  assert.match(docker.stdout, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) container die ${id} \\(a=1, b=2, exitCode=7, image=busybox, name=cli-ev\\)\\n$`));
});

test('templates see events.Message\'s fields', async () => {
  const format = '{{.Type}}|{{.Status}}|{{.ID}}|{{.From}}|{{.Action}}|{{.Actor.ID}}|{{.Actor.Attributes.name}}|{{.Scope}}|{{.TimeNano}}|{{json .Actor}}';
  const [docker, wharf] = await both(['--since', since, '--until', until, '--filter', 'event=start', '--format', format]);
  assert.equal(docker.code, 0, docker.stderr);
  assert.equal(wharf.stdout, docker.stdout);
  assert.match(docker.stdout, new RegExp(`^container\\|start\\|${id}\\|busybox\\|start\\|${id}\\|cli-ev\\|local\\|\\d{19}\\|\\{"ID":"${id}","Attributes":\\{"a":"1","b":"2","image":"busybox","name":"cli-ev"\\}\\}\\n$`));
});

test('a live stream with a future --until shows what happens meanwhile, then ends by itself', async () => {
  const end = String(Math.floor(Date.now() / 1000) + 7); // room for create and rm on a loaded machine
  const run = (cmd: string, args: string[]) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    const killer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('close', (code) => { clearTimeout(killer); resolve({ code, out }); });
  });
  const args = ['events', '--until', end, '--filter', 'container=cli-live', '--format', '{{.Action}} {{.Actor.Attributes.name}}'];
  const docker = run(DOCKER, ['-H', d.host, ...args]);
  const wharf = run(process.execPath, [CLI_JS, '-H', d.host, ...args]);
  await new Promise((r) => setTimeout(r, 1000)); // both have subscribed well before
  await d.docker(['create', '--name', 'cli-live', 'busybox']);
  await d.docker(['rm', 'cli-live']);
  const [dr, wr] = await Promise.all([docker, wharf]);
  assert.ok(Date.now() >= Number(end) * 1000, 'neither ended before --until');
  assert.deepEqual([dr.code, dr.out], [0, 'create cli-live\ndestroy cli-live\n']);
  assert.deepEqual([wr.code, wr.out], [0, dr.out]);
});

test('wharf events follows until interrupted', async () => {
  const p = spawn(process.execPath, [CLI_JS, '-H', d.host, 'events', '--filter', 'container=cli-int', '--format', '{{.Action}}'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const gotCreate = new Promise<void>((resolve) => p.stdout.on('data', (c) => { out += c; if (out.includes('create\n')) resolve(); }));
  const closed = new Promise<void>((resolve) => p.on('close', () => resolve()));
  const killer = setTimeout(() => p.kill('SIGKILL'), 30_000);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    await d.docker(['create', '--name', 'cli-int', 'busybox']);
    await gotCreate;
    p.kill('SIGINT');
    await closed;
    assert.equal(out, 'create\n');
    assert.equal(p.signalCode, 'SIGINT', 'it ended on the interrupt (not the 30 s killer)');
  } finally {
    clearTimeout(killer);
    await d.docker(['rm', 'cli-int']);
  }
});

test('errors: the daemon\'s and the client\'s, with Docker\'s words and exit statuses', async () => {
  const cases: Array<[string[], number, string]> = [
    [['--filter', 'foo=bar', '--until', '1'], 1, "Error response from daemon: invalid filter 'foo'\n"],
    [['--since', '2000000000', '--until', '1000'], 1, 'Error response from daemon: `since` time (2000000000) cannot be after `until` time (1000)\n'],
    [['--since', 'abc'], 1, 'failed to parse value as time or duration: "abc"\n'],
    [['--format', '{{.Foo}}'], 64, 'Error parsing format: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *events.Message\n'],
    [['--format', '{{.Foo'], 64, 'Error parsing format: template: :1: unclosed action\n'],
  ];
  for (const [args, code, stderr] of cases) {
    const [docker, wharf] = await both(args);
    assert.deepEqual([docker.code, docker.stderr], [code, stderr], `docker ${args.join(' ')}`);
    assert.deepEqual([wharf.code, wharf.stderr], [code, stderr], `wharf ${args.join(' ')}`);
  }
  const flag = await d.wharf(['events', '-f', 'foo']);
  assert.equal(flag.code, 125);
  assert.match(flag.stderr, /^invalid argument "foo" for "-f, --filter" flag: bad format of filter \(expected name=value\)/);
});
