/**
 * Docker's stats streams over a sampler double: precpu/preread chaining, the one-sample answers,
 * empty samples once the container stops, and the end of a stream when it is removed. The
 * samples' shape is Docker's (checked against the reference elsewhere); here only the timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerRecord } from '../record.js';
import { ZERO_TIME } from '../record.js';
import { emptySample, zeroCpu } from './sample.js';
import { statsStream } from './stream.js';
import type { StatsSample } from './types.js';

function record(status: ContainerRecord['State']['Status']): ContainerRecord {
  return { Id: 'a'.repeat(64), Name: '/c1', State: { Status: status, Pid: 42 } } as unknown as ContainerRecord;
}

/** A sampler whose n-th sample has total_usage n and read time n. */
function counter() {
  let n = 0;
  return {
    calls: () => n,
    sample: async (c: { Name: string; Id: string }): Promise<StatsSample> => {
      n++;
      const s = emptySample(c);
      s.read = `2026-01-01T00:00:0${n}Z`;
      s.cpu_stats = { ...zeroCpu(), cpu_usage: { total_usage: BigInt(n), usage_in_kernelmode: 0n, usage_in_usermode: 0n }, system_cpu_usage: BigInt(n * 100) };
      return s;
    },
  };
}

function removal() {
  let fire: () => void = () => undefined;
  return { onRemoved: (fn: () => void) => { fire = fn; return () => { fire = () => undefined; }; }, remove: () => fire() };
}

test('stream: each sample carries the previous one\'s CPU figures and read time', async () => {
  const sampler = counter();
  const r = removal();
  const got: StatsSample[] = [];
  await statsStream({ rec: record('running'), sampler, onRemoved: r.onRemoved, intervalMs: 10 }, { stream: true, oneShot: false })
    .read((s) => { got.push(s); if (got.length === 3) r.remove(); });
  assert.equal(got.length, 3);
  assert.equal(got[0]!.preread, ZERO_TIME);
  assert.deepEqual(got[0]!.precpu_stats, zeroCpu());
  for (let i = 1; i < got.length; i++) {
    assert.equal(got[i]!.preread, got[i - 1]!.read);
    assert.deepEqual(got[i]!.precpu_stats, got[i - 1]!.cpu_stats);
  }
});

test('stream=false samples twice and answers the second; one-shot answers the first, without precpu', async () => {
  const twice = counter();
  const got: StatsSample[] = [];
  await statsStream({ rec: record('running'), sampler: twice, onRemoved: removal().onRemoved, intervalMs: 10 }, { stream: false, oneShot: false }).read((s) => { got.push(s); });
  assert.equal(twice.calls(), 2);
  assert.equal(got.length, 1);
  assert.equal(got[0]!.cpu_stats.cpu_usage.total_usage, 2n);
  assert.equal(got[0]!.precpu_stats.cpu_usage.total_usage, 1n);
  const once = counter();
  const one: StatsSample[] = [];
  await statsStream({ rec: record('running'), sampler: once, onRemoved: removal().onRemoved, intervalMs: 10 }, { stream: false, oneShot: true }).read((s) => { one.push(s); });
  assert.equal(once.calls(), 1);
  assert.deepEqual(one[0]!.precpu_stats, zeroCpu());
  assert.equal(one[0]!.preread, ZERO_TIME);
});

test('a container that is not running answers one empty sample at once, without sampling', async () => {
  const sampler = counter();
  const got: StatsSample[] = [];
  await statsStream({ rec: record('exited'), sampler, onRemoved: removal().onRemoved }, { stream: false, oneShot: false }).read((s) => { got.push(s); });
  assert.equal(sampler.calls(), 0);
  assert.deepEqual(got, [emptySample({ Name: '/c1', Id: 'a'.repeat(64) })]);
});

test('a stream goes on through a stop with empty samples (the first keeps the last reading as precpu) and ends on removal', async () => {
  const sampler = counter();
  const rec = record('running');
  const r = removal();
  const got: StatsSample[] = [];
  await statsStream({ rec, sampler, onRemoved: r.onRemoved, intervalMs: 10 }, { stream: true, oneShot: false }).read((s) => {
    got.push(s);
    if (got.length === 2) rec.State.Status = 'exited';
    if (got.length === 4) r.remove();
  });
  assert.equal(got.length, 4);
  assert.equal(sampler.calls(), 2);
  assert.equal(got[2]!.read, ZERO_TIME);
  assert.equal(got[2]!.preread, got[1]!.read);
  assert.deepEqual(got[2]!.precpu_stats, got[1]!.cpu_stats);
  assert.deepEqual(got[3]!, emptySample({ Name: '/c1', Id: 'a'.repeat(64) }));
});

test('a stream ends when the client leaves', async () => {
  const ac = new AbortController();
  let n = 0;
  await statsStream({ rec: record('running'), sampler: counter(), onRemoved: removal().onRemoved, intervalMs: 10_000 }, { stream: true, oneShot: false })
    .read(() => { n++; setTimeout(() => ac.abort(), 5); }, ac.signal);
  assert.equal(n, 1, 'the pending interval is cut short');
});
