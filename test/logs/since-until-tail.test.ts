/**
 * `logs` tail / since / until as Docker answers them (oracle section 15, and the reference Docker
 * for the signed and zero values): tail takes the last N records of the combined log, then the
 * stream and time filters apply; tail values that are not a count mean everything; since/until are
 * Unix seconds on the wire (the CLI turns `1h` and dates into them).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
/** Unix seconds between l2 and l3 (the container sleeps 1.2 s there). */
let mid: number;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  const run = await d.docker(['run', '--name', 'q15', 'busybox', 'sh', '-c', 'echo l1; echo l2; sleep 1.2; echo l3 >&2; sleep 0.1; echo l4']);
  assert.equal(run.code, 0, run.stderr);
  const stamped = (await d.docker(['logs', '-t', 'q15'])).stdout; // stdout lines only: l1, l2, l4
  const l2 = /^(\S+) l2$/m.exec(stamped)![1]!;
  mid = Date.parse(l2) / 1000 + 0.6;
});
after(async () => {
  await d.cleanup();
  assert.equal(existsSync(d.root), false);
});

const frame = (stream: 1 | 2, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]).toString('latin1');
const ALL_STDOUT = frame(1, 'l1\n') + frame(1, 'l2\n') + frame(1, 'l4\n');

async function logs(query: string): Promise<{ status: number; body: string }> {
  const r = await d.api('GET', `/v1.41/containers/q15/logs?${query}`);
  return { status: r.status, body: r.body };
}

test('docker logs: stdout l1 l2 l4, stderr l3', async () => {
  assert.deepEqual(await d.docker(['logs', 'q15']), { code: 0, stdout: 'l1\nl2\nl4\n', stderr: 'l3\n' });
});

test('tail counts the last N records over both streams, then the stream filter applies', async () => {
  assert.deepEqual(await d.docker(['logs', '--tail', '2', 'q15']), { code: 0, stdout: 'l4\n', stderr: 'l3\n' });
  assert.deepEqual(await logs('stdout=1&tail=2'), { status: 200, body: frame(1, 'l4\n') }); // Docker: only l4 (l3 is one of the 2)
  assert.deepEqual(await logs('stderr=1&tail=1'), { status: 200, body: '' });
  assert.deepEqual(await logs('stdout=1&stderr=1&tail=2'), { status: 200, body: frame(2, 'l3\n') + frame(1, 'l4\n') });
});

test('tail=0 gives nothing; tail=abc, -1, -5 and all give everything', async () => {
  assert.deepEqual(await d.docker(['logs', '--tail', '0', 'q15']), { code: 0, stdout: '', stderr: '' });
  assert.deepEqual(await logs('stdout=1&tail=0'), { status: 200, body: '' });
  for (const tail of ['-1', 'abc', 'all']) {
    assert.deepEqual(await d.docker(['logs', '--tail', tail, 'q15']), { code: 0, stdout: 'l1\nl2\nl4\n', stderr: 'l3\n' }, `--tail ${tail}`);
  }
  for (const tail of ['abc', '-5', 'all', '']) assert.deepEqual(await logs(`stdout=1&tail=${tail}`), { status: 200, body: ALL_STDOUT }, `tail=${tail}`);
});

test('since and until select by time, after the tail is taken', async () => {
  assert.deepEqual(await logs(`stdout=1&stderr=1&since=${mid.toFixed(3)}`), { status: 200, body: frame(2, 'l3\n') + frame(1, 'l4\n') });
  assert.deepEqual(await logs(`stdout=1&stderr=1&until=${mid.toFixed(6)}`), { status: 200, body: frame(1, 'l1\n') + frame(1, 'l2\n') });
  assert.deepEqual(await logs(`stdout=1&since=${Math.floor(mid) - 60}`), { status: 200, body: ALL_STDOUT });
  // Docker: until=now-1 with tail=1 gives nothing: the last record is taken first, then it is after `until`.
  assert.deepEqual(await logs(`stdout=1&stderr=1&tail=1&until=${mid.toFixed(3)}`), { status: 200, body: '' });
  assert.deepEqual(await logs(`stdout=1&stderr=1&tail=3&since=${mid.toFixed(3)}`), { status: 200, body: frame(2, 'l3\n') + frame(1, 'l4\n') });
});

test('the CLI\'s durations and dates (sent as Unix seconds) select as in Docker', async () => {
  const all = { code: 0, stdout: 'l1\nl2\nl4\n', stderr: 'l3\n' };
  const none = { code: 0, stdout: '', stderr: '' };
  assert.deepEqual(await d.docker(['logs', '--since', '1h', 'q15']), all);
  assert.deepEqual(await d.docker(['logs', '--since', '0', 'q15']), all);
  assert.deepEqual(await d.docker(['logs', '--since', '2030-01-01', 'q15']), none);
  assert.deepEqual(await d.docker(['logs', '--until', '1h', 'q15']), none);
  assert.deepEqual(await d.docker(['logs', '--since', '-1s', 'q15']), none);
});

test('wharf logs reads --tail, --since and --until as docker logs does, with the same errors', async () => {
  assert.deepEqual(await d.wharf(['logs', '--tail', '2', 'q15']), { code: 0, stdout: 'l4\n', stderr: 'l3\n' });
  assert.deepEqual(await d.wharf(['logs', '--since', '2030-01-01', 'q15']), { code: 0, stdout: '', stderr: '' });
  for (const flag of ['since', 'until']) {
    const expected = { code: 1, stdout: '', stderr: `invalid value for "${flag}": failed to parse value as time or duration: "abc"\n` }; // Docker's CLI, oracle 15
    assert.deepEqual(await d.docker(['logs', `--${flag}`, 'abc', 'q15']), expected);
    assert.deepEqual(await d.wharf(['logs', `--${flag}`, 'abc', 'q15']), expected);
  }
});

test('signed, zero and empty values read as Docker reads them: until=0 and since=-1, +5 or empty mean everything, until=-5 nothing', async () => {
  for (const q of ['until=0', 'since=0', 'since=-1', 'since=%2B5', 'since=', 'until=']) assert.deepEqual(await logs(`stdout=1&${q}`), { status: 200, body: ALL_STDOUT }, q);
  assert.deepEqual(await logs('stdout=1&until=-5'), { status: 200, body: '' });
});

test('a since/until that is not a number is a 400 (Docker answers 500 with strconv.ParseInt\'s message)', async () => {
  // Wharf maps a parameter it cannot parse to a client error, as its other routes do; Docker's
  // `strconv.ParseInt: parsing "1h": invalid syntax` comes out as a 500 (its error has no status).
  for (const [name, value] of [['since', 'abc'], ['since', '1h'], ['until', 'abc'], ['since', '1.5e9']]) {
    const r = await d.api('GET', `/v1.41/containers/q15/logs?stdout=1&${name}=${value}`);
    assert.deepEqual([r.status, r.json().message], [400, `invalid value for ${name}: ${value}`]);
  }
});

test('timestamps=1 puts the UTC time before each record, nanoseconds fixed at 9 digits', async () => {
  const r = await logs('stdout=1&stderr=1&tail=2&timestamps=1');
  assert.equal(r.status, 200);
  const m = /^\x02\0\0\0\0\0\0\x22(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) l3\n\x01\0\0\0\0\0\0\x22(\S+) l4\n$/.exec(r.body);
  assert.ok(m, JSON.stringify(r.body));
  assert.ok(Date.parse(m[1]!) / 1000 > mid && Date.parse(m[2]!) >= Date.parse(m[1]!));
});

test('no stream chosen is Docker\'s 400', async () => {
  const r = await d.api('GET', '/v1.41/containers/q15/logs');
  assert.deepEqual([r.status, r.body], [400, '{"message":"Bad parameters: you must choose at least one stream"}\n']);
});
