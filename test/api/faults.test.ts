/**
 * Faults a real client found, each pinned to the reference Docker's answer (/work/oracle/answers.md:
 * Docker 20.10.24, API 1.41). Requests use /v1.41 paths so statuses, heads and bytes compare with
 * the oracle's as they are. Each test removes its containers and closes its sockets (`afterEach`).
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { RawConn, frame, parseFrames, rawRequest } from '../helpers/raw-conn.js';

const V = '/v1.41';
const RAW = 'application/vnd.docker.raw-stream';
const UPGRADED = `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${RAW}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`;
const CAT = { Cmd: ['cat'], OpenStdin: true, AttachStdin: true, AttachStdout: true };
const ATTACH_BODY = '{"Detach":false,"Tty":false}';

let d: TestDaemon;
const conns: RawConn[] = [];
const containers: string[] = [];

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
});
afterEach(async () => {
  for (const c of conns.splice(0)) c.destroy();
  for (const id of containers.splice(0)) await d.api('DELETE', `${V}/containers/${id}?force=1`);
});
after(async () => { await d.cleanup(); });

// ---- helpers ----

function connect(request: string): RawConn {
  const c = new RawConn(d.socket, request);
  conns.push(c);
  return c;
}

/** Opens an attach of `id` with `query`; `upgrade` false is the plain (200) form. */
function attach(id: string, query: string, o: { upgrade?: boolean; body?: string } = {}): RawConn {
  return connect(rawRequest('POST', `${V}/containers/${id}/attach?${query}`, { upgrade: o.upgrade ?? true, ...(o.body ? { body: o.body } : {}) }));
}

async function create(body: object, name?: string): Promise<string> {
  const r = await d.api('POST', `${V}/containers/create${name ? `?name=${name}` : ''}`, { Image: 'busybox', ...body });
  assert.equal(r.status, 201, r.body);
  const id = r.json().Id as string;
  containers.push(id);
  return id;
}

async function run(body: object, name?: string): Promise<string> {
  const id = await create(body, name);
  const r = await d.api('POST', `${V}/containers/${id}/start`);
  assert.equal(r.status, 204, r.body);
  return id;
}

async function runToExit(body: object, name?: string): Promise<string> {
  const id = await run(body, name);
  assert.equal((await d.api('POST', `${V}/containers/${id}/wait`)).status, 200);
  return id;
}

async function state(id: string): Promise<Record<string, unknown>> {
  return (await d.api('GET', `${V}/containers/${id}/json`)).json().State;
}

/** The container's whole log as framed bytes (latin1: frame headers and ASCII payloads). */
async function logBytes(id: string): Promise<string> {
  const r = await d.api('GET', `${V}/containers/${id}/logs?stdout=1&stderr=1`);
  assert.equal(r.status, 200);
  return r.body;
}

/** Waits (at most `ms`) until the log holds `n` frames. */
async function logFrames(id: string, n: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (parseFrames(Buffer.from(await logBytes(id), 'latin1')).length < n) {
    if (Date.now() > deadline) throw new Error(`the log of ${id} did not reach ${n} frames in ${ms} ms`);
    await sleep(50);
  }
}

/**
 * Runs `fn` with a running container that its subtests share. The root `afterEach` also runs after
 * every subtest, so this container is not in `containers`: it is removed here, at the end.
 */
async function withSharedContainer(body: object, fn: (id: string) => Promise<void>): Promise<void> {
  const id = await run(body);
  containers.splice(containers.indexOf(id), 1);
  try {
    await fn(id);
  } finally {
    await d.api('DELETE', `${V}/containers/${id}?force=1`);
  }
}

const sorted = (frames: Array<[number, string]>) => [...frames].sort((a, b) => a[0] - b[0]);

// ---- 1. kill ----

// Oracle §1: POST /kill (no signal) is 204 only after the exit is recorded: in each of 10 runs,
// inspect straight after showed exited/137 and DELETE without force was 204. Three rounds here.
test('kill without a signal answers once the exit is recorded: inspect shows exited/137 and a plain DELETE is 204', async () => {
  for (let round = 0; round < 3; round++) {
    const id = await run({ Cmd: ['sleep', '300'] });
    const kill = await d.api('POST', `${V}/containers/${id}/kill`);
    assert.deepEqual([kill.status, kill.body], [204, '']);
    const s = await state(id);
    assert.deepEqual([s.Status, s.Running, s.Pid, s.ExitCode, s.Error], ['exited', false, 0, 137, ''], `round ${round}`);
    const del = await d.api('DELETE', `${V}/containers/${id}`);
    assert.deepEqual([del.status, del.body], [204, ''], `round ${round}`);
  }
});

// Oracle §1: kill?signal=TERM to `trap "" TERM` answers 204 at once (11–126 ms); the container is
// still running straight after and 1 s later.
test('kill?signal=TERM to a process that traps TERM returns at once and the container keeps running', async () => {
  const id = await run({ Cmd: ['sh', '-c', 'trap "" TERM; echo ready; sleep 300'] });
  await logFrames(id, 1); // the trap is set
  const t0 = Date.now();
  const kill = await d.api('POST', `${V}/containers/${id}/kill?signal=TERM`);
  const took = Date.now() - t0;
  assert.equal(kill.status, 204);
  assert.ok(took < 1000, `kill?signal=TERM took ${took} ms`);
  const now = await state(id);
  assert.deepEqual([now.Status, now.Running], ['running', true]);
  await sleep(1000);
  const later = await state(id);
  assert.deepEqual([later.Status, later.Running], ['running', true], '1 s later');
});

// ---- 2. attach with a request body ----

// Oracle §2a: the upgrade form answers the 3-header 101; the JSON body never reaches cat; `hello\n`
// comes back as 01 00 00 00 00 00 00 06 hello\n; the log then holds only hello.
test('hijacked attach: a JSON body with Content-Length never reaches stdin, bytes after the 101 do', async () => {
  const id = await run(CAT);
  const c = attach(id, 'stream=1&stdin=1&stdout=1&stderr=1', { body: ATTACH_BODY });
  await c.until((x) => x.head !== '', 5000, 'the 101 head');
  assert.equal(c.head, UPGRADED);
  c.write('hello\n');
  await c.until((x) => x.body.length >= 14, 5000, 'the echo of hello');
  assert.deepEqual(c.body, Buffer.from([0x01, 0, 0, 0, 0, 0, 0, 0x06, ...Buffer.from('hello\n')]));
  assert.equal(await logBytes(id), frame(1, 'hello\n').toString('latin1'));
});

// Oracle §2b: without Upgrade headers the answer is 200 with Content-Type raw-stream and no
// Content-Length or chunking; the body does not reach cat. Docker's own head has that one header;
// clients read the status, the content type and then raw bytes.
test('plain attach (no Upgrade): 200 raw-stream, raw output bytes, and the JSON body does not reach stdin', async () => {
  const id = await run(CAT);
  const plain = attach(id, 'stream=1&stdin=1&stdout=1&stderr=1', { upgrade: false, body: ATTACH_BODY });
  await plain.until((x) => x.head !== '', 5000, 'the 200 head');
  assert.match(plain.head, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(plain.head, new RegExp(`\r\nContent-Type: ${RAW.replace(/\./g, '\\.')}\r\n`, 'i'));
  assert.doesNotMatch(plain.head, /\r\n(Content-Length|Transfer-Encoding):/i);
  // A second (upgraded) client feeds cat: both see its echo, and the body came before it if it came at all.
  const feeder = attach(id, 'stream=1&stdin=1&stdout=1');
  await feeder.until((x) => x.head === UPGRADED, 5000, 'the feeder 101');
  feeder.write('hello\n');
  await plain.until((x) => x.body.length >= 14, 5000, 'the echo of hello on the plain connection');
  assert.deepEqual(plain.body, frame(1, 'hello\n'));
  assert.equal(await logBytes(id), frame(1, 'hello\n').toString('latin1'));
});

// ---- 3. attach with logs ----

const STREAMS = 'stdout=1&stderr=1';

// Oracle §3a/§3b: logs=1&stream=0 replays the past output as frames and closes at once (1 ms), on a
// running and on an exited container. Cross-stream order is a race in Docker too: compared sorted.
test('attach logs=1&stream=0 replays the log as frames and closes at once, running or exited', async () => {
  const running = await run({ Cmd: ['sh', '-c', 'echo one; echo two >&2; sleep 300'] });
  await logFrames(running, 2);
  const exited = await runToExit({ Cmd: ['sh', '-c', 'echo one; echo two >&2'] });
  for (const id of [running, exited]) {
    const c = attach(id, `logs=1&stream=0&${STREAMS}`);
    await c.until((x) => x.closed, 2000, 'the server closing after the replay');
    assert.equal(c.head, UPGRADED);
    assert.deepEqual(sorted(parseFrames(c.body)), [[1, 'one\n'], [2, 'two\n']]);
    assert.equal(c.body.length, 24, 'two frames and nothing else');
  }
});

// Oracle §3a: on a running container logs=1&stream=1 replays, then stays open (open after 2 s).
test('attach logs=1&stream=1 on a running container replays the log, then stays open', async () => {
  const id = await run({ Cmd: ['sh', '-c', 'echo one; echo two >&2; sleep 300'] });
  await logFrames(id, 2);
  const c = attach(id, `logs=1&stream=1&${STREAMS}`);
  await c.until((x) => x.body.length >= 24, 5000, 'the replay');
  assert.deepEqual(sorted(parseFrames(c.body)), [[1, 'one\n'], [2, 'two\n']]);
  assert.equal(await c.closesWithin(1000), false, 'still open after 1 s');
});

// Oracle §3b: on an exited container logs=1&stream=1 replays and then hangs, waiting for the next
// start (open at 5 s). Checked as "still open after 1 s", then the client closes.
test('attach logs=1&stream=1 on an exited container replays the log and stays open', async () => {
  const id = await runToExit({ Cmd: ['sh', '-c', 'echo one; echo two >&2'] });
  const c = attach(id, `logs=1&stream=1&${STREAMS}`);
  await c.until((x) => x.body.length >= 24, 5000, 'the replay');
  assert.deepEqual(sorted(parseFrames(c.body)), [[1, 'one\n'], [2, 'two\n']]);
  assert.equal(await c.closesWithin(1000), false, 'still open after 1 s');
});

// Oracle §3b: stdout=1&stderr=0 replays `01 00 00 00 00 00 00 04 one\n` only; stdout=0&stderr=1
// replays `two\n` only; both close at once.
test('attach logs=1 with one stream asked replays that stream only', async () => {
  const id = await runToExit({ Cmd: ['sh', '-c', 'echo one; echo two >&2'] });
  for (const [query, want] of [['stdout=1&stderr=0', frame(1, 'one\n')], ['stdout=0&stderr=1', frame(2, 'two\n')]] as const) {
    const c = attach(id, `logs=1&stream=0&${query}`);
    await c.until((x) => x.closed, 2000, `the server closing (${query})`);
    assert.deepEqual(c.body, want, query);
  }
});

// Oracle §3c: a TTY container replays raw bytes `one\r\ntwo\r\n` (no frames), and stderr=0 does not
// filter them (with a TTY everything is stdout); stream=0 closes at once.
test('attach logs=1 to a TTY container replays the raw bytes, unfiltered by stderr=0', async () => {
  const id = await runToExit({ Tty: true, Cmd: ['sh', '-c', 'echo one; echo two >&2'] });
  for (const query of [STREAMS, 'stdout=1&stderr=0']) {
    const c = attach(id, `logs=1&stream=0&${query}`);
    await c.until((x) => x.closed, 2000, `the server closing (${query})`);
    assert.equal(c.head, UPGRADED);
    assert.equal(c.body.toString('latin1'), 'one\r\ntwo\r\n', query);
  }
});

// ---- 4. ps limit ----

async function listed(query: string): Promise<Array<[string, string]>> {
  const r = await d.api('GET', `${V}/containers/json${query}`);
  assert.equal(r.status, 200, `${query}: ${r.body}`);
  return (r.json() as Array<{ Names: string[]; State: string }>).map((c) => [c.Names[0]!, c.State]);
}

async function assertListing(cases: Array<[string, Array<[string, string]>]>): Promise<void> {
  for (const [query, want] of cases) assert.deepEqual(await listed(query), want, query || '(no params)');
}

// Oracle §4 scenario A (q4-ex1, q4-ex2 exited, q4-run running and newest).
test('containers/json?limit=N counts stopped containers newest first; limit=0 and -1 mean running only (scenario A)', async () => {
  assert.deepEqual(await listed('?all=1'), [], 'the scenario starts with no containers');
  await runToExit({ Cmd: ['true'] }, 'q4-ex1');
  await runToExit({ Cmd: ['sh', '-c', 'exit 3'] }, 'q4-ex2');
  await run({ Cmd: ['sleep', '300'] }, 'q4-run');
  const run_ = ['/q4-run', 'running'] as [string, string];
  const ex2 = ['/q4-ex2', 'exited'] as [string, string];
  const ex1 = ['/q4-ex1', 'exited'] as [string, string];
  await assertListing([
    ['?limit=1', [run_]], ['?limit=2', [run_, ex2]], ['?limit=5', [run_, ex2, ex1]], ['?limit=0', [run_]],
    ['?limit=-1', [run_]], ['?all=0&limit=2', [run_, ex2]], ['', [run_]], ['?all=1', [run_, ex2, ex1]],
  ]);
});

// Oracle §4 scenario B (q4b-run running and oldest, q4b-ex1, q4b-ex2 exited, ex2 newest): it tells
// "limit counts stopped ones" apart from "running first".
test('containers/json?limit=N counts stopped containers newest first; limit=0 and -1 mean running only (scenario B)', async () => {
  assert.deepEqual(await listed('?all=1'), [], 'the scenario starts with no containers');
  await run({ Cmd: ['sleep', '300'] }, 'q4b-run');
  await runToExit({ Cmd: ['true'] }, 'q4b-ex1');
  await runToExit({ Cmd: ['sh', '-c', 'exit 3'] }, 'q4b-ex2');
  const run_ = ['/q4b-run', 'running'] as [string, string];
  const ex2 = ['/q4b-ex2', 'exited'] as [string, string];
  const ex1 = ['/q4b-ex1', 'exited'] as [string, string];
  await assertListing([
    ['?limit=1', [ex2]], ['?limit=2', [ex2, ex1]], ['?limit=5', [ex2, ex1, run_]], ['?limit=0', [run_]],
    ['?limit=-1', [run_]], ['?all=0&limit=2', [ex2, ex1]], ['', [run_]],
  ]);
});

// ---- 7. swarm ----

const NOT_MANAGER = '{"message":"This node is not a swarm manager. Use \\"docker swarm init\\" or \\"docker swarm join\\" to connect this node to swarm and try again."}\n';
const NOT_IN_SWARM = '{"message":"This node is not part of a swarm"}\n';

// Oracle §7: every endpoint below is 503 with M (Content-Length 144), POST /swarm/leave is 503
// "This node is not part of a swarm" (47), GET /plugins is 200 `[]` (3); all application/json.
test('swarm endpoints outside a swarm answer 503 with Docker\'s exact messages', async () => {
  const cases: Array<[string, string, unknown, number, string]> = [
    ['GET', '/swarm', undefined, 503, NOT_MANAGER],
    ['POST', '/swarm/leave', undefined, 503, NOT_IN_SWARM],
    ['POST', '/swarm/update?version=1', {}, 503, NOT_MANAGER],
    ['GET', '/swarm/unlockkey', undefined, 503, NOT_MANAGER],
    ['POST', '/swarm/unlock', { UnlockKey: 'x' }, 503, NOT_MANAGER],
    ['GET', '/nodes', undefined, 503, NOT_MANAGER],
    ['GET', '/nodes/x', undefined, 503, NOT_MANAGER],
    ['DELETE', '/nodes/x', undefined, 503, NOT_MANAGER],
    ['GET', '/services', undefined, 503, NOT_MANAGER],
    ['POST', '/services/create', {}, 503, NOT_MANAGER],
    ['GET', '/services/x', undefined, 503, NOT_MANAGER],
    ['GET', '/tasks', undefined, 503, NOT_MANAGER],
    ['GET', '/tasks/x', undefined, 503, NOT_MANAGER],
    ['GET', '/secrets', undefined, 503, NOT_MANAGER],
    ['POST', '/secrets/create', { Name: 'a', Data: '' }, 503, NOT_MANAGER],
    ['GET', '/configs', undefined, 503, NOT_MANAGER],
    ['POST', '/configs/create', { Name: 'a', Data: '' }, 503, NOT_MANAGER],
    ['GET', '/plugins', undefined, 200, '[]\n'],
  ];
  for (const [method, path, body, status, text] of cases) {
    const r = await d.api(method, `${V}${path}`, body);
    const what = `${method} ${path}`;
    assert.deepEqual([r.status, r.body], [status, text], what);
    assert.equal(r.headers['content-type'], 'application/json', what);
    assert.equal(r.headers['content-length'], String(Buffer.byteLength(text)), what);
  }
});

// Oracle §7 (CLI): `docker swarm leave` and `docker node ls` print the daemon's message, exit 1.
test('docker swarm leave and docker node ls print Docker\'s errors and exit 1', async () => {
  const leave = await d.docker(['swarm', 'leave']);
  assert.deepEqual([leave.code, leave.stdout, leave.stderr], [1, '', 'Error response from daemon: This node is not part of a swarm\n']);
  const nodes = await d.docker(['node', 'ls']);
  assert.deepEqual([nodes.code, nodes.stdout, nodes.stderr], [1, '',
    'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n']);
});

// ---- 9. concurrent creates ----

// Oracle §14: 50 concurrent `docker run --rm busybox true` all exit 0 with no name clash. Here: 50
// creates without a name at once, then 50 starts, waits and removes at once.
test('50 concurrent creates without a name all succeed with 50 distinct names', async () => {
  const creates = await Promise.all(Array.from({ length: 50 }, () => d.api('POST', `${V}/containers/create`, { Image: 'busybox', Cmd: ['true'] })));
  assert.deepEqual(creates.map((r) => r.status), Array(50).fill(201), creates.find((r) => r.status !== 201)?.body);
  const ids = creates.map((r) => r.json().Id as string);
  containers.push(...ids);
  assert.equal(new Set(ids).size, 50);
  const names = await Promise.all(ids.map(async (id) => (await d.api('GET', `${V}/containers/${id}/json`)).json().Name as string));
  assert.equal(new Set(names).size, 50, names.join(' '));
  for (const n of names) assert.match(n, /^\/[a-z]+_[a-z]+$/);
  const starts = await Promise.all(ids.map((id) => d.api('POST', `${V}/containers/${id}/start`)));
  assert.deepEqual(starts.map((r) => r.status), Array(50).fill(204), starts.find((r) => r.status !== 204)?.body);
  const waits = await Promise.all(ids.map((id) => d.api('POST', `${V}/containers/${id}/wait`)));
  assert.deepEqual(waits.map((r) => r.body), Array(50).fill('{"Error":null,"StatusCode":0}\n'));
  const removes = await Promise.all(ids.map((id) => d.api('DELETE', `${V}/containers/${id}`)));
  assert.deepEqual(removes.map((r) => r.status), Array(50).fill(204));
});

// ---- detach keys ----

// Oracle §9: accepted values answer 101 (upgrade) or 200 (plain), the same for both forms.
const ACCEPTED_KEYS = ['ctrl-p,ctrl-q', 'ctrl-a', 'ctrl-@', 'ctrl-[', 'ctrl-\\', 'ctrl-]', 'ctrl-^', 'ctrl-_', 'a', 'a,b', '', 'ctrl-z', 'ctrl-p,a,ctrl-q'];
// Oracle §9: refused values answer exactly the raw 400 below, and the server closes.
const REFUSED_KEYS = ['CTRL-P', 'Ctrl-p', 'ctrl-pp', 'ctrl-1', ' ctrl-p', 'é', 'ctrl-P', 'cTrL-x', 'ctrl-p,', ',', 'ctrl-', 'ctrl-,', 'ab', 'ctrl-p '];

const SLEEPER = { Cmd: ['sleep', '300'], OpenStdin: true };
const FORMS = [['upgrade', true, 'HTTP/1.1 101 UPGRADED\r\n'], ['plain', false, 'HTTP/1.1 200 OK\r\n']] as const;

test('attach accepts Docker\'s detach keys: 101 upgraded, 200 plain', (t) => withSharedContainer(SLEEPER, async (id) => {
  for (const keys of ACCEPTED_KEYS) {
    await t.test(JSON.stringify(keys), async () => {
      for (const [form, upgrade, statusLine] of FORMS) {
        const c = attach(id, `stream=1&stdout=1&detachKeys=${encodeURIComponent(keys)}`, { upgrade });
        await c.until((x) => x.head !== '', 5000, `${form} head`);
        assert.ok(c.head.startsWith(statusLine), `${form}: ${c.head}`);
        c.destroy();
      }
    });
  }
}));

test('attach refuses bad detach keys with Docker\'s raw 400 and closes the connection', (t) => withSharedContainer(SLEEPER, async (id) => {
  for (const keys of REFUSED_KEYS) {
    await t.test(JSON.stringify(keys), async () => {
      for (const [form, upgrade] of FORMS) {
        const c = attach(id, `stream=1&stdout=1&detachKeys=${encodeURIComponent(keys)}`, { upgrade });
        await c.until((x) => x.closed, 5000, `${form}: the server closing`);
        assert.equal(c.data.toString('utf8'), `HTTP/1.1 400 Bad Request\r\nContent-Type: ${RAW}\r\n\r\nInvalid detach keys (${keys}) provided\r\n`, form);
      }
    });
  }
  assert.equal((await state(id)).Status, 'running', 'the container keeps running');
}));

// Checked on the reference daemon (both forms): the attach error is written raw on the connection.
test('attach to a missing container answers Docker\'s raw 404 and closes the connection', async () => {
  for (const [form, upgrade] of FORMS) {
    const c = attach('nonexist', 'stream=1&stdout=1', { upgrade });
    await c.until((x) => x.closed, 5000, `${form}: the server closing`);
    assert.equal(c.data.toString('utf8'), `HTTP/1.1 404 Not Found\r\nContent-Type: ${RAW}\r\n\r\nNo such container: nonexist\r\n`, form);
  }
});

// ---- 11. restart ----

// Oracle §11: restart of a created container is 204 and it is running afterwards.
test('restart of a created container is 204 and it runs', async () => {
  const id = await create({ Cmd: ['sleep', '300'] });
  const r = await d.api('POST', `${V}/containers/${id}/restart`);
  assert.deepEqual([r.status, r.body], [204, '']);
  const s = await state(id);
  assert.deepEqual([s.Status, s.Running, s.ExitCode], ['running', true, 0]);
  assert.notEqual(s.StartedAt, '0001-01-01T00:00:00Z');
});

// Oracle §11: restart of an exited container is 204 and it runs again (ExitCode back to 0).
test('restart of an exited container is 204 and it runs again', async () => {
  const id = await run({ Cmd: ['sleep', '300'] });
  assert.equal((await d.api('POST', `${V}/containers/${id}/kill`)).status, 204);
  const before_ = await state(id);
  assert.deepEqual([before_.Status, before_.ExitCode], ['exited', 137]);
  const r = await d.api('POST', `${V}/containers/${id}/restart`);
  assert.deepEqual([r.status, r.body], [204, '']);
  const s = await state(id);
  assert.deepEqual([s.Status, s.Running, s.ExitCode], ['running', true, 0]);
  assert.notEqual(s.StartedAt, before_.StartedAt);
});

// Oracle §11: restart?t=1 of a running `sleep 300` (PID 1 ignores TERM) is 204 after the timeout
// (1371 ms there), and it is running again as a new process.
test('restart of a running container stops it within the timeout, is 204, and it runs again', async () => {
  const id = await run({ Cmd: ['sleep', '300'] });
  const before_ = await state(id);
  const t0 = Date.now();
  const r = await d.api('POST', `${V}/containers/${id}/restart?t=1`);
  const took = Date.now() - t0;
  assert.deepEqual([r.status, r.body], [204, '']);
  assert.ok(took >= 1000 && took < 10_000, `restart?t=1 took ${took} ms`);
  const s = await state(id);
  assert.deepEqual([s.Status, s.Running, s.ExitCode], ['running', true, 0]);
  assert.notEqual(s.Pid, before_.Pid);
});

// Oracle §11: restart of a missing container is 404 `No such container: <name>`; the CLI prints
// `Error response from daemon: No such container: nonexistent` and exits 1.
test('restart of a missing container is 404 No such container', async () => {
  const r = await d.api('POST', `${V}/containers/x/restart`);
  assert.deepEqual([r.status, r.body], [404, '{"message":"No such container: x"}\n']);
  const cli = await d.docker(['restart', 'nonexistent']);
  assert.deepEqual([cli.code, cli.stdout, cli.stderr], [1, '', 'Error response from daemon: No such container: nonexistent\n']);
});
