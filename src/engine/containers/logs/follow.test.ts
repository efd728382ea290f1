import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogCursor } from './cursor.js';
import { FollowedFiles } from './follow.js';

const rec = (i: number) => `2026-11-24T02:56:00.000000000+00:00 stdout F line${i}\n`;

function withLog(fn: (path: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-follow-'));
    try { await fn(join(dir, 'c-json.log')); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

/** The rotator's moves with max-file=2: the live file becomes `.1` (the old `.1` is deleted), then conmon's new live file. */
function rotate(path: string, next: string): void {
  rmSync(`${path}.1`, { force: true });
  renameSync(path, `${path}.1`);
  writeFileSync(path, next);
}

async function readAll(files: FollowedFiles): Promise<string[]> {
  const got: string[] = [];
  await files.read((line) => { got.push(line.toString().split(' ').at(-1)!); });
  return got;
}

test('two rotations between looks: the file in between is found at .1 and read in order', withLog(async (path) => {
  writeFileSync(path, rec(1));
  const files = new FollowedFiles(path, await LogCursor.open(path));
  assert.deepEqual(await readAll(files), ['line1']);
  appendFileSync(path, rec(2)); // written before the first rotation
  rotate(path, rec(3));
  rotate(path, rec(4)); // the file of line1–2 is deleted now; the reader holds it open
  await files.track();
  assert.deepEqual(await readAll(files), ['line2', 'line3', 'line4']);
  appendFileSync(path, rec(5));
  await files.track();
  assert.deepEqual(await readAll(files), ['line5']);
  await files.close();
}));

test('a reader waiting on its client loses nothing while files are rotated out and deleted', withLog(async (path) => {
  writeFileSync(path, rec(1));
  const files = new FollowedFiles(path, await LogCursor.open(path));
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const got: string[] = [];
  const reading = files.read((line) => {
    got.push(line.toString().split(' ').at(-1)!);
    return got.length === 1 ? held : undefined;
  });
  for (let i = 2; i <= 6; i++) {
    rotate(path, rec(i));
    await files.track(); // looking goes on while reading waits
  }
  release();
  await reading;
  await files.track();
  await files.read((line) => { got.push(line.toString().split(' ').at(-1)!); });
  assert.deepEqual(got, ['line1', 'line2', 'line3', 'line4', 'line5', 'line6']);
  await files.close();
}));

test('a last rotation after conmon is gone (no new live file) is still followed', withLog(async (path) => {
  writeFileSync(path, rec(1));
  const files = new FollowedFiles(path, await LogCursor.open(path));
  assert.deepEqual(await readAll(files), ['line1']);
  rotate(path, rec(2));
  rmSync(`${path}.1`);
  renameSync(path, `${path}.1`); // the file of line2 was never seen live; nothing replaces it
  await files.track();
  assert.deepEqual(await readAll(files), ['line2']);
  await files.close();
}));

test('a look that finds nothing new opens nothing', withLog(async (path) => {
  writeFileSync(path, rec(1));
  const files = new FollowedFiles(path, await LogCursor.open(path));
  writeFileSync(`${path}.1`, rec(0)); // older than what is followed: never read
  await files.track();
  assert.deepEqual(await readAll(files), ['line1']);
  await files.close();
}));
