import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync, renameSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogLine, utcTime } from './format.js';
import { readLog, type LogSubject } from './reader.js';
import { tailStart } from './tail.js';
import type { LogEntry } from '../../engine.js';

test('parseLogLine reads full and partial k8s-file lines', () => {
  const full = parseLogLine(Buffer.from('2026-11-24T02:56:53.057635834+00:00 stdout F hello world'));
  assert.deepEqual(full, { stream: 'stdout', time: '2026-11-24T02:56:53.057635834Z', data: Buffer.from('hello world\n') });
  const partial = parseLogLine(Buffer.from('2026-11-24T02:56:53.057635834+00:00 stderr P abc'));
  assert.equal(partial?.data.toString(), 'abc');
  assert.equal(partial?.stream, 'stderr');
  assert.equal(parseLogLine(Buffer.from('2026-11-24T02:56:53Z stdout F '))?.data.toString(), '\n');
  assert.equal(parseLogLine(Buffer.from('garbage')), undefined);
  const binary = Buffer.concat([Buffer.from('2026-11-24T02:56:53Z stdout P '), Buffer.from([0xff, 0x00, 0x10, 0x80])]);
  assert.deepEqual(parseLogLine(binary)?.data, Buffer.from([0xff, 0x00, 0x10, 0x80]), 'bytes that are not UTF-8 pass unchanged');
});

test('times with an offset become UTC, nanoseconds kept', () => {
  assert.equal(utcTime('2026-11-24T03:56:53.057635834+01:00'), '2026-11-24T02:56:53.057635834Z');
  assert.equal(utcTime('2026-11-24T00:30:00.5-02:00'), '2026-11-24T02:30:00.5Z');
  assert.equal(utcTime('2026-11-24T02:56:53Z'), '2026-11-24T02:56:53Z');
});

function withLog(fn: (dir: string, path: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-logs-'));
    try { await fn(dir, join(dir, 'c-json.log')); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

const rec = (i: number, stream = 'stdout') => `2026-11-24T02:56:${String(i % 60).padStart(2, '0')}.000000000+00:00 ${stream} F line${i}\n`;
const subject = (path: string): LogSubject => ({ path, running: () => false, onOutputEnd: () => () => undefined });
async function collect(s: LogSubject, o: Partial<Parameters<typeof readLog>[1]>): Promise<string[]> {
  const out: LogEntry[] = [];
  await readLog(s, { stdout: true, stderr: true, follow: false, ...o }, (e) => { out.push(e); });
  return out.map((e) => e.data.toString().trim());
}

test('reads rotated files oldest first, then the live one', withLog(async (_dir, path) => {
  writeFileSync(`${path}.2`, rec(1) + rec(2));
  writeFileSync(`${path}.1`, rec(3));
  writeFileSync(path, rec(4) + rec(5));
  assert.deepEqual(await collect(subject(path), {}), ['line1', 'line2', 'line3', 'line4', 'line5']);
}));

test('tail counts records over both streams and across files, before the stream filter (as Docker)', withLog(async (_dir, path) => {
  writeFileSync(`${path}.1`, rec(1) + rec(2, 'stderr') + rec(3));
  writeFileSync(path, rec(4) + rec(5, 'stderr'));
  assert.deepEqual(await collect(subject(path), { tail: 2 }), ['line4', 'line5']);
  assert.deepEqual(await collect(subject(path), { tail: 2, stderr: false }), ['line4']);
  assert.deepEqual(await collect(subject(path), { tail: 4 }), ['line2', 'line3', 'line4', 'line5']);
  assert.deepEqual(await collect(subject(path), { tail: 99 }), ['line1', 'line2', 'line3', 'line4', 'line5']);
  assert.deepEqual(await collect(subject(path), { tail: 0 }), []);
  const fds = [`${path}.1`, path].map((f) => openSync(f, 'r'));
  try {
    assert.deepEqual(await tailStart(fds, 3), { file: 0, offset: Buffer.byteLength(rec(1) + rec(2, 'stderr')) });
  } finally {
    fds.forEach((fd) => closeSync(fd));
  }
}));

test('a big log is tailed and read in bounded chunks', withLog(async (_dir, path) => {
  const lines = Array.from({ length: 20000 }, (_, i) => rec(i)).join('');
  writeFileSync(path, lines);
  assert.deepEqual(await collect(subject(path), { tail: 3 }), ['line19997', 'line19998', 'line19999']);
  assert.equal((await collect(subject(path), {})).length, 20000);
}));

test('a pending emit promise holds the next chunk: a slow consumer sets the pace', withLog(async (_dir, path) => {
  writeFileSync(path, Array.from({ length: 20000 }, (_, i) => rec(i)).join('')); // ~900 KB: many 64 KiB chunks
  let emitted = 0;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const done = readLog(subject(path), { stdout: true, stderr: true, follow: false }, () => {
    emitted++;
    return emitted === 1 ? held : undefined;
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(emitted > 0 && emitted < 2000, `${emitted} records emitted while the consumer was not ready (one chunk is ~1400)`);
  release();
  await done;
  assert.equal(emitted, 20000);
}));

test('a record still being written is not emitted until its newline arrives', withLog(async (_dir, path) => {
  writeFileSync(path, rec(1) + '2026-11-24T02:56:53.000000000+00:00 stdout F li');
  assert.deepEqual(await collect(subject(path), {}), ['line1']);
  assert.deepEqual(await collect(subject(path), { tail: 1 }), ['line1']);
}));

test('follow reads across a rotation and ends when the output ends', withLog(async (_dir, path) => {
  writeFileSync(path, rec(1));
  let end: (() => void) | undefined;
  const s: LogSubject = { path, running: () => true, onOutputEnd: (fn) => { end = fn; return () => { end = undefined; }; } };
  const got: string[] = [];
  const done = readLog(s, { stdout: true, stderr: true, follow: true }, (e) => { got.push(e.data.toString().trim()); });
  await new Promise((r) => setTimeout(r, 100));
  appendFileSync(path, rec(2));
  renameSync(path, `${path}.1`); // the rotator's rename; conmon writes on into the old file…
  appendFileSync(`${path}.1`, rec(3));
  writeFileSync(path, rec(4)); // …until it reopens the live path
  await new Promise((r) => setTimeout(r, 400));
  appendFileSync(path, rec(5));
  await new Promise((r) => setTimeout(r, 100));
  end?.();
  await done;
  assert.deepEqual(got, ['line1', 'line2', 'line3', 'line4', 'line5']);
}));
