/**
 * 50 containers started at once, through the real docker CLI: all run, all are listed, all stop
 * and are removed, and nothing of them stays mounted, running or on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from '../helpers/daemon.js';

const N = 50;

test(`${N} containers started concurrently all run, are listed, stopped and removed, leaving nothing`, { timeout: 600_000 }, async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const runs = await Promise.all(Array.from({ length: N }, (_, i) => d.docker(['run', '-d', '--name', `many${i}`, 'busybox', 'sleep', '300'], { timeout: 180_000 })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const ids = runs.map((r) => r.stdout.trim());
    assert.equal(new Set(ids).size, N);

    const ps = await d.docker(['ps', '-q', '--no-trunc']);
    assert.deepEqual(ps.stdout.trim().split('\n').sort(), [...ids].sort(), 'every one is listed as running');
    const pids = await Promise.all(ids.map(async (id) => (await d.api('GET', `/containers/${id}/json`)).json().State.Pid as number));
    for (const pid of pids) assert.doesNotThrow(() => process.kill(pid, 0), 'its process runs');

    const stops = await Promise.all(ids.map((id) => d.docker(['stop', '-t', '1', id], { timeout: 180_000 })));
    for (const s of stops) assert.equal(s.code, 0, s.stderr);
    const exited = await d.docker(['ps', '-a', '--filter', 'status=exited', '-q']);
    assert.equal(exited.stdout.trim().split('\n').length, N);
    const rms = await Promise.all(ids.map((id) => d.docker(['rm', id], { timeout: 180_000 })));
    for (const r of rms) assert.equal(r.code, 0, r.stderr);

    assert.equal((await d.docker(['ps', '-aq'])).stdout.trim(), '');
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), 'no process left');
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => (l.split(' ')[4] ?? '').startsWith(d.root));
    assert.deepEqual(mounts, [], 'nothing stays mounted');
    const left = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : []);
    assert.deepEqual(left(join(d.execRoot, 'c')), []);
    assert.deepEqual(left(join(d.dataRoot, 'containers')), []);
    assert.deepEqual(left(join(d.dataRoot, 'snapshots')), []);
  } finally {
    await d.cleanup();
  }
});
