import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotate } from './rotate.js';
import { FollowedFiles, followLog } from './follow.js';
import { LogCursor } from './cursor.js';

function withDir(fn: (dir: string, path: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-rotate-'));
    try { await fn(dir, join(dir, 'c-json.log')); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

test('max-file=3: .1 → .2, the live file → .1, the old .2 and files beyond max-file are deleted, the reopen comes after the moves', withDir(async (dir, path) => {
  writeFileSync(path, 'live');
  writeFileSync(`${path}.1`, 'one');
  writeFileSync(`${path}.2`, 'two');
  writeFileSync(`${path}.5`, 'stray'); // max-file was 6 once
  let seen: Record<string, string> | undefined;
  const rotated = await rotate(path, 3, async (moves) => { moves(); seen = contents(dir); });
  assert.equal(rotated, true);
  assert.deepEqual(Object.keys(seen!), ['c-json.log.1', 'c-json.log.2', 'c-json.log.5', 'c-json.log.rotated-out'], 'at the reopen: moved, nothing deleted yet');
  assert.deepEqual(contents(dir), { 'c-json.log.1': 'live', 'c-json.log.2': 'one' });
}));

test('max-file=1: the live file is dropped', withDir(async (dir, path) => {
  writeFileSync(path, 'live');
  assert.equal(await rotate(path, 1, async (moves) => moves()), true);
  assert.deepEqual(contents(dir), {});
}));

test('nothing moves when the monitor is gone (the log stays as it is, with its live file)', withDir(async (dir, path) => {
  writeFileSync(path, 'live');
  writeFileSync(`${path}.1`, 'one');
  const gone = Object.assign(new Error('ENXIO: no such device or address'), { code: 'ENXIO' });
  assert.equal(await rotate(path, 2, () => Promise.reject(gone)), false);
  assert.deepEqual(contents(dir), { 'c-json.log': 'live', 'c-json.log.1': 'one' });
}));

test('a follower loses nothing to rotations faster than it looks: each rotation makes it hold the files first', withDir(async (_dir, path) => {
  const rec = (i: number) => `2026-11-24T02:56:00.000000000+00:00 stdout F line${i}\n`;
  writeFileSync(path, rec(1));
  let end!: () => void;
  const got: string[] = [];
  const following = followLog(
    { running: () => true, onOutputEnd: (fn) => { end = fn; return () => undefined; } },
    new FollowedFiles(path, LogCursor.open(path)), (line) => void got.push(line.toString().split(' ').at(-1)!), {},
  );
  // Three rotations at max-file=2 in one turn (each runs its moves when called): no look of the
  // follower's own can come between, and the file of line 2 is rotated out and deleted meanwhile.
  await Promise.all([2, 3, 4].map((i) => rotate(path, 2, async (moves) => { moves(); writeFileSync(path, rec(i)); }))); // then conmon's new live file
  end();
  await following;
  assert.deepEqual(got, ['line1', 'line2', 'line3', 'line4']);
}));
