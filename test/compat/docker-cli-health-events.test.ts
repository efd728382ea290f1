/**
 * The events of healthchecks, as Docker 20.10 emits them (asked of it with `docker events`): each
 * probe is an exec (`exec_create: <cmd>` and `exec_start: <cmd>` with `execID`, `exec_die` with
 * `execID` and `exitCode`), and a change of status is `health_status: healthy|unhealthy` with the
 * container's labels, `image` and `name`. A monitor stopped by the container's stop emits nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteDaemon } from '../helpers/suite.js';
import { EventWatch } from '../helpers/events.js';

const d = suiteDaemon();

test('probes are execs with their events; status changes are health_status events; a stop emits none', async () => {
  const { status, watch } = await EventWatch.open(d, `filters=${encodeURIComponent(JSON.stringify({ container: ['hc-ev'] }))}`);
  assert.equal(status, 200);
  const run = await d.docker(['run', '-d', '--name', 'hc-ev', '--label', 'tier=db', '--health-cmd', 'echo hi; exit 0', '--health-interval', '200ms', 'busybox', 'sleep', '300']);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  const actions = () => watch.seen.map((e) => e.m.Action);
  await watch.until(() => actions().includes('health_status: healthy'), 20_000, 'health_status: healthy');
  const seen = watch.seen.map((e) => e.m);
  const create = seen.find((m) => m.Action === 'exec_create: /bin/sh -c echo hi; exit 0')!;
  assert.ok(create, actions().join(', '));
  const execID = create.Actor.Attributes.execID!;
  assert.match(execID, /^[0-9a-f]{64}$/);
  assert.deepEqual(create.Actor.Attributes, { execID, image: 'busybox', name: 'hc-ev', tier: 'db' });
  const start = seen.find((m) => m.Action === 'exec_start: /bin/sh -c echo hi; exit 0')!;
  assert.equal(start.Actor.Attributes.execID, execID);
  const die = seen.find((m) => m.Action === 'exec_die' && m.Actor.Attributes.execID === execID)!;
  assert.deepEqual(die.Actor.Attributes, { execID, exitCode: '0', image: 'busybox', name: 'hc-ev', tier: 'db' });
  const healthy = seen.find((m) => m.Action === 'health_status: healthy')!;
  assert.deepEqual([healthy.Type, healthy.Actor.ID, healthy.Actor.Attributes], ['container', id, { image: 'busybox', name: 'hc-ev', tier: 'db' }]);
  assert.deepEqual(actions().filter((a) => a.startsWith('health_status')), ['health_status: healthy'], 'once, at the change');
  assert.equal((await d.docker(['stop', '-t', '1', 'hc-ev'])).code, 0);
  await watch.until(() => actions().includes('stop'), 20_000, 'stop');
  assert.deepEqual(actions().filter((a) => a.startsWith('health_status')), ['health_status: healthy'], 'the stop left it unhealthy silently, as Docker');
  watch.close();
  await d.docker(['rm', 'hc-ev']);
});

test('failing probes: health_status: unhealthy once the retries are used up; a recovery is healthy again', async () => {
  const { watch } = await EventWatch.open(d, `filters=${encodeURIComponent(JSON.stringify({ event: ['health_status'] }))}`);
  const run = await d.docker(['run', '-d', '--name', 'hc-flip', '--health-cmd', 'test -f /tmp/ok', '--health-interval', '100ms', '--health-retries', '2',
    'busybox', 'sh', '-c', 'sleep 2; touch /tmp/ok; sleep 300']);
  assert.equal(run.code, 0, run.stderr);
  const actions = () => watch.seen.map((e) => e.m.Action);
  await watch.until(() => actions().includes('health_status: healthy'), 20_000, 'healthy');
  assert.deepEqual(actions(), ['health_status: unhealthy', 'health_status: healthy']);
  watch.close();
  await d.docker(['rm', '-f', 'hc-flip']);
});
