import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventContext, eventLine } from './event-context.js';
import { goJson } from './template/funcs.js';
import { rfc3339NanoFixed } from './time.js';

const container = {
  status: 'die', id: 'c1', from: 'busybox', Type: 'container', Action: 'die',
  Actor: { ID: 'c1', Attributes: { name: 'x', exitCode: '3', image: 'busybox' } }, scope: 'local', time: 1796169021, timeNano: 1796169021783190562n,
};

test('{{json .}} is Go\'s encoding of events.Message: declaration order, sorted attributes, exact timeNano', () => {
  assert.equal(goJson(new EventContext(container)),
    '{"status":"die","id":"c1","from":"busybox","Type":"container","Action":"die","Actor":{"ID":"c1","Attributes":{"exitCode":"3","image":"busybox","name":"x"}},"scope":"local","time":1796169021,"timeNano":1796169021783190562}');
  const network = { Type: 'network', Action: 'connect', Actor: { ID: 'n', Attributes: {} }, scope: 'local', time: 1, timeNano: 1_000_000_000n };
  assert.equal(goJson(new EventContext(network)), '{"Type":"network","Action":"connect","Actor":{"ID":"n","Attributes":{}},"scope":"local","time":1,"timeNano":1000000000}', 'empty deprecated fields are left out');
});

test('the default line, as docker prints it (in UTC here)', () => {
  const tz = process.env['TZ'];
  process.env['TZ'] = 'UTC';
  try {
    assert.equal(eventLine(container), '2026-12-01T23:50:21.783190562Z container die c1 (exitCode=3, image=busybox, name=x)\n');
    assert.equal(eventLine({ ...container, Actor: { ID: 'c1', Attributes: {} } }), '2026-12-01T23:50:21.783190562Z container die c1\n');
    assert.equal(rfc3339NanoFixed(1_000_000_001n), '1970-01-01T00:00:01.000000001Z');
    process.env['TZ'] = 'Asia/Kolkata';
    assert.equal(rfc3339NanoFixed(1_000_000_001n), '1970-01-01T05:30:01.000000001+05:30', 'local time with its offset');
  } finally {
    if (tz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = tz;
  }
});
