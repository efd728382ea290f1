import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventJournal, JOURNAL_SIZE } from './journal.js';

test('events are delivered to subscribers in order, with strictly increasing times', () => {
  const j = new EventJournal();
  const seen: string[] = [];
  const off = j.subscribe((e) => seen.push(e.Action));
  const a = j.publish('container', 'create', { ID: 'a', Attributes: {} });
  const b = j.publish('container', 'start', { ID: 'a', Attributes: {} });
  off();
  j.publish('container', 'die', { ID: 'a', Attributes: {} });
  assert.deepEqual(seen, ['create', 'start']);
  assert.ok(b.timeNano > a.timeNano);
  assert.equal(a.time, Number(a.timeNano / 1_000_000_000n));
  assert.equal(a.scope, 'local');
});

test('the journal keeps the last 256 events, as dockerd does', () => {
  const j = new EventJournal();
  for (let i = 0; i < JOURNAL_SIZE + 10; i++) j.publish('image', 'tag', { ID: String(i), Attributes: {} });
  assert.equal(j.recent().length, JOURNAL_SIZE);
  assert.equal(j.recent()[0]!.Actor.ID, '10');
});
