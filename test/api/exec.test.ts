/**
 * The exec endpoints against a real wharfd, each expectation the reference Docker's answer
 * (Docker 20.10.24, API 1.41; the multiplexed content type from API 1.42 on): create's refusals,
 * inspect's shape through an instance's life, the container's ExecIDs, the hijacked start in both
 * forms (framed without a TTY, raw with one, stdin both ways), refused starts in and out of the
 * stream, resize, and that ended sessions leave no monitor or files.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { RawConn, parseFrames, rawRequest } from '../helpers/raw-conn.js';

const V = '/v1.41';
const UPGRADED = (type: string) => `HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.${type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`;

let d: TestDaemon;
let box: string;
const conns: RawConn[] = [];

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  const r = await d.api('POST', `${V}/containers/create?name=box`, { Image: 'busybox', Cmd: ['sleep', '1000'] });
  box = r.json().Id;
  assert.equal((await d.api('POST', `${V}/containers/${box}/start`)).status, 204);
});
after(async () => {
  for (const c of conns) c.destroy();
  await d.cleanup();
});

async function exec(body: object, container = box): Promise<string> {
  const r = await d.api('POST', `${V}/containers/${container}/exec`, body);
  assert.equal(r.status, 201, r.body);
  return r.json().Id;
}

const inspect = async (id: string) => (await d.api('GET', `${V}/exec/${id}/json`)).json();

/** Starts `id` with the raw hijack (`upgrade`) or the plain form, sending `input` once the head is in. */
async function startStream(id: string, o: { tty?: boolean; upgrade?: boolean; input?: string; version?: string } = {}): Promise<RawConn> {
  const body = JSON.stringify({ Detach: false, Tty: Boolean(o.tty) });
  const c = new RawConn(d.socket, rawRequest('POST', `${o.version ?? V}/exec/${id}/start`, { upgrade: o.upgrade ?? true, body }));
  conns.push(c);
  await c.until((x) => x.head !== '', 5000, 'response head');
  if (o.input !== undefined) c.write(o.input);
  await c.until((x) => x.closed, 10_000, 'end of the stream');
  return c;
}

const until = async (cond: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('create refuses with Docker\'s statuses and messages', async () => {
  const cases: Array<[string, unknown, number, string]> = [
    ['nosuch', {}, 400, 'No exec command specified'],
    ['nosuch', { Cmd: ['true'] }, 404, 'No such container: nosuch'],
    ['box', { Cmd: [] }, 400, 'No exec command specified'],
    ['box', { Cmd: 'true' }, 400, 'json: cannot unmarshal string into Go struct field ExecConfig.Cmd of type []string'],
    ['box', '', 400, 'got EOF while reading request body'],
    ['box', { Cmd: ['true'], DetachKeys: 'bogus' }, 500, 'Invalid escape keys (bogus) provided'],
  ];
  for (const [container, body, status, message] of cases) {
    const r = await d.api('POST', `${V}/containers/${container}/exec`, body);
    assert.deepEqual([r.status, r.json().message], [status, message], JSON.stringify(body));
  }
  const stopped = (await d.api('POST', `${V}/containers/create`, { Image: 'busybox', Cmd: ['true'] })).json().Id;
  const r = await d.api('POST', `${V}/containers/${stopped}/exec`, { Cmd: ['true'] });
  assert.deepEqual([r.status, r.json().message], [409, `Container ${stopped} is not running`]);
  for (const path of ['/exec/nosuch/json', '/exec/nosuch/start', '/exec/nosuch/resize?h=1&w=1']) {
    const x = await d.api(path.endsWith('json') ? 'GET' : 'POST', `${V}${path}`, path.includes('start') ? {} : undefined);
    assert.deepEqual([x.status, x.json().message], [404, 'No such exec instance: nosuch'], path);
  }
});

test('inspect through an instance\'s life: created, running (in ExecIDs), ended; a second start is refused', async () => {
  const id = await exec({ Cmd: ['sh', '-c', 'sleep 0.5; exit 3'], User: 'nobody', DetachKeys: 'ctrl-x', AttachStdout: true, WorkingDir: '/tmp' });
  const created = await inspect(id);
  assert.deepEqual(created, {
    ID: id, Running: false, ExitCode: null,
    ProcessConfig: { tty: false, entrypoint: 'sh', arguments: ['-c', 'sleep 0.5; exit 3'], privileged: false, user: 'nobody' },
    OpenStdin: false, OpenStderr: false, OpenStdout: true, CanRemove: false, ContainerID: box, DetachKeys: 'GA==', Pid: 0,
  });
  assert.deepEqual(Object.keys(created), ['ID', 'Running', 'ExitCode', 'ProcessConfig', 'OpenStdin', 'OpenStderr', 'OpenStdout', 'CanRemove', 'ContainerID', 'DetachKeys', 'Pid']);
  assert.deepEqual((await d.api('GET', `${V}/containers/box/json`)).json().ExecIDs, [id]);
  const start = await d.api('POST', `${V}/exec/${id}/start`, { Detach: true });
  assert.deepEqual([start.status, start.body], [200, '']);
  const running = await inspect(id);
  assert.deepEqual([running.Running, running.ExitCode], [true, null]);
  assert.match(readFileSync(`/proc/${running.Pid}/cmdline`, 'utf8'), /^sh\0-c\0sleep 0\.5; exit 3\0$/);
  const again = await d.api('POST', `${V}/exec/${id}/start`, { Detach: true });
  assert.deepEqual([again.status, again.json().message], [409, `Error: Exec command ${id} is already running`]);
  await until(async () => (await inspect(id)).ExitCode === 3);
  const ended = await inspect(id);
  assert.deepEqual([ended.Running, ended.Pid], [false, running.Pid], 'the pid stays after the end');
  assert.equal((await d.api('GET', `${V}/containers/box/json`)).json().ExecIDs, null);
  const third = await d.api('POST', `${V}/exec/${id}/start`, { Detach: true });
  assert.deepEqual([third.status, third.json().message], [409, `Error: Exec command ${id} has already run`]);
  const resize = await d.api('POST', `${V}/exec/${id}/resize?h=10&w=20`);
  assert.deepEqual([resize.status, resize.json().message], [404, 'no such exec']);
});

test('a detached start that cannot run answers its error; the instance has exit code 126', async () => {
  const missing = await exec({ Cmd: ['nosuchcmd'] });
  const r = await d.api('POST', `${V}/exec/${missing}/start`, { Detach: true });
  assert.deepEqual([r.status, r.json().message], [400, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown']);
  assert.deepEqual([(await inspect(missing)).ExitCode, (await inspect(missing)).Pid], [126, 0]);
  const user = await exec({ Cmd: ['true'], User: 'nosuchuser' });
  const u = await d.api('POST', `${V}/exec/${user}/start`, { Detach: true });
  assert.deepEqual([u.status, u.json().message], [500, 'unable to find user nosuchuser: no matching entries in passwd file']);
  assert.equal((await inspect(user)).ExitCode, 126);
});

test('a hijacked start streams framed output without a TTY, in both forms; stdin goes in', async () => {
  for (const upgrade of [true, false]) {
    const id = await exec({ Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 4'], AttachStdout: true, AttachStderr: true });
    const c = await startStream(id, { upgrade });
    if (upgrade) assert.equal(c.head, UPGRADED('raw-stream'));
    else assert.match(c.head, /^HTTP\/1\.1 200 OK\r\n(.*\r\n)*Content-Type: application\/vnd\.docker\.raw-stream\r\n/);
    assert.deepEqual(parseFrames(c.body), [[1, 'out\n'], [2, 'err\n']]);
    assert.equal((await inspect(id)).ExitCode, 4, 'the exit code is there when the stream ends');
  }
  const cat = await exec({ Cmd: ['sh', '-c', 'read l; echo got $l; echo err >&2'], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const c = await startStream(cat, { input: 'hello\n', version: '/v1.44' });
  assert.equal(c.head, UPGRADED('multiplexed-stream'));
  assert.deepEqual(parseFrames(c.body), [[1, 'got hello\n'], [2, 'err\n']]);
});

test('with a TTY the stream is raw and echoes the input', async () => {
  const id = await exec({ Cmd: ['sh', '-c', 'read l; echo got $l; echo err >&2'], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true });
  const c = await startStream(id, { tty: true, input: 'hello\n' });
  assert.equal(c.head, UPGRADED('raw-stream'));
  assert.equal(c.body.toString(), 'hello\r\ngot hello\r\nerr\r\n');
});

test('an attached start that cannot run writes the error in the stream, on stdout', async () => {
  const id = await exec({ Cmd: ['nosuchcmd'], AttachStdout: true, AttachStderr: true });
  const c = await startStream(id, { upgrade: false });
  assert.match(c.head, /^HTTP\/1\.1 200 OK\r\n/);
  assert.deepEqual(parseFrames(c.body), [[1, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in $PATH: unknown\r\n']]);
  assert.equal((await inspect(id)).ExitCode, 126);
  const again = await startStream(id);
  assert.deepEqual(parseFrames(again.body), [[1, `Error: Exec command ${id} has already run\r\n`]]);
});

test('resize changes a running TTY exec\'s size (stty); bad sizes are Docker\'s 400', async () => {
  const id = await exec({ Cmd: ['sh', '-c', 'read l; stty size'], AttachStdin: true, AttachStdout: true, Tty: true, ConsoleSize: [20, 60] });
  const c = new RawConn(d.socket, rawRequest('POST', `${V}/exec/${id}/start`, { upgrade: true, body: JSON.stringify({ Tty: true }) }));
  conns.push(c);
  await c.until((x) => x.head !== '', 5000, 'head');
  await until(async () => (await inspect(id)).Running);
  const r = await d.api('POST', `${V}/exec/${id}/resize?h=33&w=77`);
  assert.equal(r.status, 200, r.body);
  c.write('\n');
  await c.until((x) => x.closed, 5000, 'end');
  assert.match(c.body.toString(), /^\r\n33 77\r\n$/);
  for (const [q, v] of [['h=x&w=1', 'x'], ['w=1', '']]) {
    const bad = await d.api('POST', `${V}/exec/${id}/resize?${q}`);
    assert.deepEqual([bad.status, bad.json().message], [400, `strconv.Atoi: parsing "${v}": invalid syntax`]);
  }
});

test('the console size given at create is the TTY\'s first size', async () => {
  const id = await exec({ Cmd: ['stty', 'size'], AttachStdout: true, Tty: true, ConsoleSize: [21, 61] });
  const c = await startStream(id, { tty: true });
  assert.equal(c.body.toString(), '21 61\r\n');
});

test('20 execs in a row leave no monitor and no files', async () => {
  const sessions = join(d.execRoot, 'e');
  for (let i = 0; i < 20; i++) {
    const id = await exec({ Cmd: ['sh', '-c', `echo ${i}`], AttachStdout: true });
    const c = await startStream(id);
    assert.deepEqual(parseFrames(c.body), [[1, `${i}\n`]]);
  }
  await until(() => !existsSync(sessions) || readdirSync(sessions).length === 0);
  const monitors = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${sessions}/`); } catch { return false; }
  });
  assert.deepEqual(monitors, []);
});
