import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventJournal } from './journal.js';
import { openEventStream, LIVE_QUEUE_LIMIT } from './stream.js';

const secs = (ns: bigint) => `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
const tagged = (j: EventJournal, id: string) => j.publish('image', 'tag', { ID: id, Attributes: { name: id } });

test('without since or until nothing is replayed; live events follow until the reader aborts', async () => {
  const j = new EventJournal();
  tagged(j, 'old');
  const seen: string[] = [];
  const abort = new AbortController();
  const done = openEventStream(j, {}).read((e) => {
    seen.push(e.Actor.ID);
    if (seen.length === 2) abort.abort();
  }, abort.signal);
  tagged(j, 'a');
  tagged(j, 'b');
  tagged(j, 'c');
  await done;
  assert.deepEqual(seen, ['a', 'b']);
});

test('a past until replays the window (both ends inclusive) and ends', async () => {
  const j = new EventJournal();
  const evs = ['a', 'b', 'c', 'd'].map((id) => tagged(j, id));
  const seen: string[] = [];
  await openEventStream(j, { since: secs(evs[1]!.timeNano), until: secs(evs[2]!.timeNano) }).read((e) => void seen.push(e.Actor.ID));
  assert.deepEqual(seen, ['b', 'c']);
});

test('until alone replays everything kept up to it; since bounds only the replay, not live events', async () => {
  const j = new EventJournal();
  const a = tagged(j, 'a');
  tagged(j, 'b');
  const seen: string[] = [];
  await openEventStream(j, { until: secs(a.timeNano) }).read((e) => void seen.push(e.Actor.ID));
  assert.deepEqual(seen, ['a']);
  const future = secs(a.timeNano + 3_600_000_000_000n);
  const abort = new AbortController();
  const live: string[] = [];
  const done = openEventStream(j, { since: future }).read((e) => { live.push(e.Actor.ID); abort.abort(); }, abort.signal);
  tagged(j, 'now');
  await done;
  assert.deepEqual(live, ['now'], 'dockerd streams live events whatever since says');
});

test('a future until streams live events, then ends when it passes; filters apply to both parts', async () => {
  const j = new EventJournal();
  tagged(j, 'kept');
  j.publish('container', 'start', { ID: 'c', Attributes: {} });
  const until = BigInt(Date.now() + 300) * 1_000_000n;
  const seen: string[] = [];
  const t0 = Date.now();
  const done = openEventStream(j, { since: '0', until: secs(until), filters: new Map([['type', ['image']]]) })
    .read((e) => void seen.push(e.Actor.ID));
  tagged(j, 'live');
  j.publish('container', 'die', { ID: 'c', Attributes: {} });
  await done;
  assert.deepEqual(seen, ['kept', 'live']);
  assert.ok(Date.now() - t0 >= 250, 'ended only once until passed');
});

test('a slow reader is paced: events arriving meanwhile wait in order, up to the bound', async () => {
  const j = new EventJournal();
  const seen: string[] = [];
  const abort = new AbortController();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const done = openEventStream(j, {}).read(async (e) => {
    seen.push(e.Actor.ID);
    if (seen.length === 1) await gate;
    if (seen.length === LIVE_QUEUE_LIMIT) tagged(j, 'after');
    if (e.Actor.ID === 'after') abort.abort();
  }, abort.signal);
  for (let i = 0; i < LIVE_QUEUE_LIMIT + 10; i++) tagged(j, String(i)); // the reader has taken none yet
  await new Promise((r) => setImmediate(r));
  release();
  await done;
  assert.deepEqual(seen, [...Array.from({ length: LIVE_QUEUE_LIMIT }, (_, i) => String(i)), 'after']);
});

test('bad options fail when the stream is opened, before anything is read', () => {
  const j = new EventJournal();
  assert.throws(() => openEventStream(j, { since: 'yesterday' }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => openEventStream(j, { filters: new Map([['nope', ['1']]]) }), { message: "invalid filter 'nope'" });
});

test('an until already past still replays everything in the window', async () => {
  const j = new EventJournal();
  const a = tagged(j, 'a');
  tagged(j, 'b');
  const seen: string[] = [];
  await openEventStream(j, { since: '1', until: secs(a.timeNano) }, () => a.timeNano + 10_000_000_000n).read((e) => void seen.push(e.Actor.ID));
  assert.deepEqual(seen, ['a']);
});
