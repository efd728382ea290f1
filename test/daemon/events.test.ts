/**
 * `GET /events` against a real wharfd (runc, conmon): the container and image events of what users
 * do, in order and with the attributes the reference Docker 20.10 gives them (asked with
 * `docker events --format '{{json .}}'` while doing the same), the wire shape (deprecated
 * status/id/from, exact timeNano), since/until replay, the live stream, filters of each kind and
 * Docker's messages for bad input. Every wait has a deadline.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { RawConn } from '../helpers/raw-conn.js';
import { EventWatch, apiTime, filtersQuery, type SeenEvent } from '../helpers/events.js';

let d: TestDaemon;
let tmp: string;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  tmp = mkdtempSync('/tmp/wh-ev-');
});
after(async () => {
  await d.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs docker and fails the test on a non-zero exit. */
async function docker(...args: string[]): Promise<string> {
  const r = await d.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Opens a live stream limited by `filters` (and whatever else `extra` adds to the query). */
async function watch(filters: Record<string, string[]>, extra = ''): Promise<EventWatch> {
  const { status, watch: w, body } = await EventWatch.open(d, `${filtersQuery(filters)}${extra}`);
  assert.equal(status, 200, body());
  return w;
}

const summary = (e: SeenEvent) => [e.m.Action, e.m.Actor.Attributes];

test('create, start, die and destroy come in order, each with Docker\'s attributes and wire shape', async () => {
  const w = await watch({ container: ['ev-life'] });
  try {
    const id = await docker('create', '--name', 'ev-life', '--label', 'tier=front', '--label', 'z=1', 'busybox', 'sh', '-c', 'exit 3');
    await docker('start', id);
    await w.next((m) => m.Action === 'die');
    await docker('rm', id);
    await w.next((m) => m.Action === 'destroy');
    const base = { image: 'busybox', name: 'ev-life', tier: 'front', z: '1' };
    assert.deepEqual(w.seen.map(summary), [
      ['create', base], ['start', base], ['die', { ...base, exitCode: '3' }], ['destroy', base],
    ]);
    const first = JSON.parse(w.seen[0]!.raw);
    assert.deepEqual(Object.keys(first), ['status', 'id', 'from', 'Type', 'Action', 'Actor', 'scope', 'time', 'timeNano']);
    assert.deepEqual([first.status, first.id, first.from, first.Type, first.Actor.ID, first.scope], ['create', id, 'busybox', 'container', id, 'local']);
    for (const e of w.seen) {
      const nano = e.m.timeNano!;
      assert.match(e.raw, new RegExp(`"timeNano":${nano}}$`), 'timeNano written as an exact integer');
      assert.equal(BigInt(e.m.time!), nano / 1_000_000_000n, 'time is timeNano in whole seconds');
      assert.ok(Number(nano) > 1e18, 'nanoseconds beyond a double\'s exact range, still exact on the wire');
    }
    const nanos = w.seen.map((e) => e.m.timeNano!);
    assert.deepEqual([...nanos].sort((a, b) => (a < b ? -1 : 1)), nanos, 'times increase in the order of the events');
  } finally {
    w.close();
  }
});

test('since/until replay the kept events in the window, then the stream ends', async () => {
  const w = await watch({ container: ['ev-replay'] });
  let seen: SeenEvent[];
  try {
    await docker('run', '-d', '--name', 'ev-replay', 'busybox', 'true');
    await w.next((m) => m.Action === 'die');
    await docker('rm', 'ev-replay');
    await w.next((m) => m.Action === 'destroy');
    seen = [...w.seen];
  } finally {
    w.close();
  }
  const [create, , , destroy] = seen;
  const q = (since: bigint, until: bigint) => `${filtersQuery({ container: ['ev-replay'] })}&since=${apiTime(since)}&until=${apiTime(until)}`;
  const all = await EventWatch.open(d, q(create!.m.timeNano!, destroy!.m.timeNano!));
  await all.watch.ends();
  assert.deepEqual(all.watch.seen.map((e) => e.raw), seen.map((e) => e.raw), 'the same lines, both ends included');
  const inner = await EventWatch.open(d, q(create!.m.timeNano! + 1n, destroy!.m.timeNano! - 1n));
  await inner.watch.ends();
  assert.deepEqual(inner.watch.actions(), ['start', 'die']);
  const untilOnly = await EventWatch.open(d, `${filtersQuery({ container: ['ev-replay'] })}&until=${apiTime(destroy!.m.timeNano!)}`);
  await untilOnly.watch.ends();
  assert.deepEqual(untilOnly.watch.actions(), ['create', 'start', 'die', 'destroy'], 'until alone replays everything kept');
});

test('a future until streams live events, then ends by itself once it has passed', async () => {
  const until = BigInt(Date.now() + 5000) * 1_000_000n; // room for a create on a loaded machine
  const w = await watch({ container: ['ev-until'] }, `&until=${apiTime(until)}`);
  try {
    await docker('create', '--name', 'ev-until', 'busybox');
    await w.next((m) => m.Action === 'create');
    await w.ends(15_000);
    assert.ok(Date.now() * 1_000_000 >= Number(until), 'not before until');
    await docker('rm', 'ev-until');
    assert.deepEqual(w.actions(), ['create']);
  } finally {
    w.close();
  }
});

test('kill, stop and restart: the signals sent, then die, stop, start, restart (Docker\'s order)', async () => {
  const w = await watch({ container: ['ev-stop'] });
  try {
    await docker('run', '-d', '--name', 'ev-stop', 'busybox', 'sleep', '300');
    await docker('kill', '-s', 'USR1', 'ev-stop'); // PID 1 without a handler ignores USR1 and TERM
    await docker('stop', '-t', '1', 'ev-stop');
    await docker('restart', '-t', '1', 'ev-stop');
    await docker('rm', '-f', 'ev-stop');
    await w.next((m) => m.Action === 'destroy');
    const sig = (s: string) => ['kill', s];
    assert.deepEqual(w.seen.map((e) => (e.m.Action === 'kill' ? sig(e.m.Actor.Attributes['signal']!) : e.m.Action === 'die' ? ['die', e.m.Actor.Attributes['exitCode']] : [e.m.Action])), [
      ['create'], ['start'], sig('10'), sig('15'), sig('9'), ['die', '137'], ['stop'], ['start'], ['restart'], sig('9'), ['die', '137'], ['destroy'],
    ]);
  } finally {
    w.close();
  }
});

test('a container the OOM killer ends: oom, then die 137, and State.OOMKilled (conmon\'s record)', async () => {
  const w = await watch({ container: ['ev-oom'] });
  try {
    const run = await d.docker(['run', '--name', 'ev-oom', '-m', '16m', '--memory-swap', '16m', 'busybox', 'sh', '-c', 'tail /dev/zero']);
    assert.equal(run.code, 137, run.stderr);
    await w.next((m) => m.Action === 'die');
    assert.deepEqual(w.seen.map(summary).slice(-2), [['oom', { image: 'busybox', name: 'ev-oom' }], ['die', { exitCode: '137', image: 'busybox', name: 'ev-oom' }]]);
    assert.equal((await d.api('GET', '/containers/ev-oom/json')).json().State.OOMKilled, true);
  } finally {
    w.close();
    await d.docker(['rm', '-f', 'ev-oom']);
  }
});

test('attach before start, resize, and detach by the detach keys', async () => {
  const w = await watch({ container: ['ev-att', 'ev-tty'] });
  let conn: RawConn | undefined;
  try {
    assert.equal(await docker('run', '--name', 'ev-att', 'busybox', 'echo', 'hi'), 'hi');
    await w.next((m) => m.Action === 'die' && m.Actor.Attributes['name'] === 'ev-att');
    assert.deepEqual(w.actions(), ['create', 'attach', 'start', 'die'], 'docker run attaches before it starts; no detach when the output ends');
    await docker('rm', 'ev-att');
    await docker('run', '-dit', '--name', 'ev-tty', 'busybox', 'sh');
    const resize = await d.api('POST', '/containers/ev-tty/resize?h=30&w=100');
    assert.equal(resize.status, 200, resize.body);
    conn = new RawConn(d.socket, 'POST /v1.50/containers/ev-tty/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: x\r\nUpgrade: tcp\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n');
    await w.next((m) => m.Action === 'attach' && m.Actor.Attributes['name'] === 'ev-tty');
    conn.write(Buffer.from([0x10, 0x11]));
    await w.next((m) => m.Action === 'detach');
    const tty = w.seen.filter((e) => e.m.Actor.Attributes['name'] === 'ev-tty').map(summary);
    const base = { image: 'busybox', name: 'ev-tty' };
    assert.deepEqual(tty, [['create', base], ['start', base], ['resize', { ...base, height: '30', width: '100' }], ['attach', base], ['detach', base]]);
  } finally {
    conn?.destroy();
    w.close();
    await d.docker(['rm', '-f', 'ev-tty']);
  }
});

test('export and commit: the container events, and the tag of the image made, with Docker\'s attributes', async () => {
  await docker('run', '--name', 'ev-commit', '--label', 'role=src', 'busybox', 'sh', '-c', 'echo x > /f');
  const w = await watch({});
  try {
    const tar = join(tmp, 'export.tar');
    await docker('export', '-o', tar, 'ev-commit');
    assert.ok(statSync(tar).size > 0);
    const id = await docker('commit', '-m', 'a note', 'ev-commit', 'ev-committed:v1');
    await w.next((m) => m.Action === 'commit');
    const c = await d.api('GET', '/containers/ev-commit/json');
    const cid = c.json().Id as string;
    const base = { image: 'busybox', name: 'ev-commit', role: 'src' };
    assert.deepEqual(w.seen.map((e) => [e.m.Type, e.m.Action, e.m.Actor.ID, e.m.Actor.Attributes]), [
      ['container', 'export', cid, base],
      ['image', 'tag', id, { name: 'ev-committed:v1', role: 'src' }], // the image has the container's labels
      ['container', 'commit', cid, { ...base, comment: 'a note', imageID: id, imageRef: 'ev-committed:v1' }],
    ]);
    const tagLine = JSON.parse(w.seen[1]!.raw);
    assert.deepEqual([tagLine.status, tagLine.id, 'from' in tagLine], ['tag', id, false], 'image events have status and id, no from');
    await docker('run', '-d', '--name', 'ev-commit-run', 'busybox', 'sleep', '300');
    const running = await docker('commit', 'ev-commit-run', 'ev-committed:v2');
    await w.next((m) => m.Action === 'unpause');
    const paused = w.seen.slice(3).filter((e) => e.m.Action !== 'create' && e.m.Action !== 'start');
    assert.deepEqual(paused.map((e) => [e.m.Type, e.m.Action, e.m.Actor.Attributes['imageRef'] ?? e.m.Actor.Attributes['name']]), [
      ['container', 'pause', 'ev-commit-run'], ['image', 'tag', 'ev-committed:v2'], ['container', 'commit', 'ev-committed:v2'], ['container', 'unpause', 'ev-commit-run'],
    ], 'a running container stays paused until the commit is announced, as in dockerd');
    assert.equal(paused[2]!.m.Actor.Attributes['imageID'], running);
  } finally {
    w.close();
    await d.docker(['rm', '-f', 'ev-commit', 'ev-commit-run']);
    await d.docker(['rmi', 'ev-committed:v1', 'ev-committed:v2']);
  }
});

test('image events of tag, save, rmi, import (with labels), load and prune', async () => {
  const w = await watch({ type: ['image'] });
  try {
    const busybox = (await d.api('GET', '/images/busybox/json')).json().Id as string;
    await docker('tag', 'busybox', 'ev-img:v1');
    const tar = join(tmp, 'save.tar');
    await docker('save', '-o', tar, 'ev-img:v1');
    await docker('rmi', 'ev-img:v1');
    const rootfs = join(tmp, 'rootfs.tar');
    await docker('export', '-o', rootfs, await docker('create', 'busybox'));
    const imported = (await docker('import', '-c', 'LABEL evl=1', rootfs, 'ev-imp:1')).trim();
    await docker('rmi', 'ev-imp:1');
    await docker('load', '-i', tar);
    await docker('rmi', 'ev-img:v1');
    await docker('import', rootfs); // dangling, for prune
    await docker('image', 'prune', '-f');
    await w.next((m) => m.Action === 'prune');
    const prune = JSON.parse(w.seen.at(-1)!.raw);
    assert.deepEqual([prune.status, 'id' in prune, prune.Actor.ID], ['prune', false, ''], 'an empty id is left out');
    const reclaimed = prune.Actor.Attributes.reclaimed as string;
    assert.match(reclaimed, /^\d+$/);
    const dangling = w.seen.find((e) => e.m.Action === 'import' && e.m.Actor.ID !== imported)!.m.Actor.ID;
    const who = (id: string) => (id === busybox ? 'busybox' : id === imported ? 'imported' : id === dangling ? 'dangling' : id);
    const seen = w.seen.map((e) => [e.m.Action, who(e.m.Actor.ID), e.m.Actor.Attributes]);
    assert.deepEqual(seen, [
      ['tag', 'busybox', { name: 'ev-img:v1' }],
      ['save', 'busybox', { name: busybox }],
      ['untag', 'busybox', { name: busybox }], // dockerd names the image by its ID here
      ['tag', 'imported', { evl: '1', name: 'ev-imp:1' }], // the tag comes before the import, as in Docker
      ['import', 'imported', { evl: '1', name: imported }],
      ['untag', 'imported', { evl: '1', name: imported }],
      ['delete', 'imported', { name: imported }], // the image is gone: no labels
      ['load', 'busybox', { name: busybox }], // no tag event for the names an archive brings
      ['untag', 'busybox', { name: busybox }],
      ['import', 'dangling', { name: dangling }],
      ['delete', 'dangling', { name: dangling }],
      ['prune', '', { reclaimed }],
    ]);
  } finally {
    w.close();
  }
});

test('filters of each kind pick what dockerd would', async () => {
  const busybox = (await d.api('GET', '/images/busybox/json')).json().Id as string;
  const t0 = BigInt(Date.now()) * 1_000_000n;
  await docker('run', '--name', 'ev-flt-a', '--label', 'team=x', 'busybox', 'true');
  await docker('run', '--name', 'ev-flt-b', 'busybox', 'true');
  await docker('tag', 'busybox', 'ev-flt-img');
  await docker('rm', 'ev-flt-a');
  await docker('rm', 'ev-flt-b'); // one at a time: docker rm removes several in parallel
  await docker('rmi', 'ev-flt-img');
  const until = BigInt(Date.now()) * 1_000_000n;
  const replay = async (f: Record<string, string[]>): Promise<string[]> => {
    const r = await EventWatch.open(d, `${filtersQuery(f)}&since=${apiTime(t0)}&until=${apiTime(until)}`);
    assert.equal(r.status, 200, r.body());
    await r.watch.ends();
    return r.watch.seen.map((e) => `${e.m.Type} ${e.m.Action} ${e.m.Actor.Attributes['name']}`);
  };
  const lifeA = ['create', 'attach', 'start', 'die', 'destroy'].map((a) => `container ${a} ev-flt-a`);
  assert.deepEqual(await replay({ container: ['ev-flt-a'] }), lifeA);
  const lifeB = lifeA.map((l) => l.replace('ev-flt-a', 'ev-flt-b'));
  // A name prefix; dockerd matches it against every actor's name, so the image tagged ev-flt-img too.
  assert.deepEqual((await replay({ container: ['ev-flt-'] })).sort(), [...lifeA, ...lifeB, 'image tag ev-flt-img:latest'].sort());
  const created = (await d.api('GET', `/events?since=${apiTime(t0)}&until=${apiTime(until)}&${filtersQuery({ event: ['create'], container: ['ev-flt-b'] })}`)).body;
  const bId = JSON.parse(created.trim()).id as string;
  assert.deepEqual(await replay({ container: [bId.slice(0, 12)], event: ['destroy'] }), ['container destroy ev-flt-b'], 'an ID prefix');
  assert.deepEqual(await replay({ type: ['image'] }), ['image tag ev-flt-img:latest', `image untag ${busybox}`]);
  assert.deepEqual(await replay({ event: ['die'], label: ['team=x'] }), ['container die ev-flt-a']);
  assert.deepEqual(await replay({ label: ['team'] }), lifeA);
  assert.deepEqual(await replay({ label: ['team=y'] }), []);
  assert.deepEqual((await replay({ image: ['busybox'], event: ['start'] })), ['container start ev-flt-a', 'container start ev-flt-b'], 'containers of an image');
  assert.deepEqual(await replay({ image: ['ev-flt-img'] }), ['image tag ev-flt-img:latest'], 'a name matches its tags');
  assert.deepEqual(await replay({ type: ['container', 'image'], event: ['tag', 'destroy'] }), ['image tag ev-flt-img:latest', 'container destroy ev-flt-a', 'container destroy ev-flt-b']);
  // dockerd matches these by the actor's ID or name prefix whatever the event's type (the oracle:
  // `--filter volume=<prefix>` lists a container's events), so they pick ev-flt-a as `container` does.
  for (const key of ['volume', 'network', 'daemon', 'plugin', 'node', 'service', 'secret', 'config']) {
    assert.deepEqual(await replay({ [key]: ['ev-flt-a'] }), lifeA, key);
    assert.deepEqual(await replay({ [key]: ['nothing-named-so'] }), [], key);
  }
  assert.deepEqual(await replay({ scope: ['swarm'] }), []);
  assert.equal((await replay({ scope: ['local'], event: ['destroy'] })).length, 2);
});

test('bad since, until and filters get Docker\'s messages before any event', async () => {
  const cases: Array<[string, number, string]> = [
    ['since=abc', 400, 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['until=1h', 400, 'strconv.ParseInt: parsing "1h": invalid syntax'],
    ['since=1.x', 400, 'strconv.ParseInt: parsing "x": invalid syntax'],
    ['since=99999999999999999999', 400, 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    ['since=2000000000&until=1000', 400, '`since` time (2000000000) cannot be after `until` time (1000)'],
    [filtersQuery({ foo: ['x'] }), 400, "invalid filter 'foo'"],
    ['filters=notjson', 400, 'invalid filter: notjson'],
  ];
  for (const [q, status, message] of cases) {
    const r = await d.api('GET', `/events?${q}`);
    assert.deepEqual([r.status, r.json().message], [status, message], q);
  }
  const ok = await d.api('GET', '/events?since=%2B5&until=6');
  assert.deepEqual([ok.status, ok.body], [200, ''], 'signed seconds are Go integers too');
});
