/**
 * A daemon SIGKILLed in the middle of create, start, stop, rm and commit leaves nothing half-made:
 * after the restart every container it lists can be inspected, started and removed, every image it
 * lists runs, and once all is removed nothing stays mounted, running or on disk. The kills land at
 * random moments of a storm of concurrent operations, several rounds on one data-root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

const ROUNDS = 4;

/** One operation of the storm; its failure (the daemon died under it) is expected. */
function storm(d: TestDaemon, round: number): Array<Promise<unknown>> {
  const ops: Array<Promise<unknown>> = [];
  for (let i = 0; i < 3; i++) {
    const name = `r${round}c${i}`;
    ops.push((async () => {
      await d.docker(['create', '--name', name, 'busybox', 'sh', '-c', 'echo x > /f; sleep 300']);
      await d.docker(['start', name]);
      await d.docker(['commit', name, `crash/r${round}:${i}`]);
      await d.docker(['stop', '-t', '1', name]);
      await d.docker(['rm', name]);
    })());
  }
  ops.push(d.docker(['run', '--rm', 'busybox', 'true']));
  ops.push(d.docker(['run', '-d', 'busybox', 'sleep', '300']));
  return ops;
}

async function checkConsistent(d: TestDaemon): Promise<void> {
  const list = await d.api('GET', '/containers/json?all=1');
  assert.equal(list.status, 200);
  for (const c of list.json() as Array<{ Id: string; State: string }>) {
    const inspect = await d.api('GET', `/containers/${c.Id}/json`);
    assert.equal(inspect.status, 200, `inspect ${c.Id}: ${inspect.body}`);
    if (c.State !== 'running') {
      const start = await d.api('POST', `/containers/${c.Id}/start`);
      assert.ok([204, 304].includes(start.status), `a listed container starts again: ${start.body}`);
    }
  }
  const images = await d.api('GET', '/images/json');
  for (const img of images.json() as Array<{ Id: string; RepoTags: string[] }>) {
    const run = await d.docker(['run', '--rm', img.Id, 'cat', '/bin/busybox'], { timeout: 60_000 });
    assert.equal(run.code, 0, `image ${img.RepoTags.join(',')} runs: ${run.stderr}`);
  }
}

test('SIGKILL of wharfd in the middle of create, start, commit, stop and rm leaves nothing half-made', { timeout: 600_000 }, async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    for (let round = 0; round < ROUNDS; round++) {
      const ops = storm(d, round);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 900));
      await d.stop('SIGKILL');
      await Promise.allSettled(ops);
      await d.start();
      await checkConsistent(d);
    }
    // Everything removed: nothing of the containers may remain.
    const all = (await d.api('GET', '/containers/json?all=1')).json() as Array<{ Id: string }>;
    for (const c of all) assert.equal((await d.api('DELETE', `/containers/${c.Id}?force=1`)).status, 204);
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => (l.split(' ')[4] ?? '').startsWith(d.root));
    assert.deepEqual(mounts, [], 'nothing stays mounted');
    const left = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
    assert.deepEqual(left(join(d.execRoot, 'c')), [], 'no runtime bundles');
    assert.deepEqual(left(join(d.execRoot, 'runc')).filter((f) => !f.startsWith('.')), [], 'no runc state');
    assert.deepEqual(left(join(d.dataRoot, 'containers')).filter((f) => !f.startsWith('.')), [], 'no container records');
    assert.deepEqual(left(join(d.dataRoot, 'snapshots')).filter((f) => !f.startsWith('.')), [], 'no container snapshots');
    const conmons = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(d.execRoot) && readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'conmon'; } catch { return false; }
    });
    assert.deepEqual(conmons, [], 'no monitor left running');
  } finally {
    await d.cleanup();
  }
});
