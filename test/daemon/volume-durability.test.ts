/**
 * Volumes outlive the daemon: a volume's data and metadata survive a SIGKILL of wharfd and its
 * restart, and a SIGKILL in the middle of a storm of creates and removes leaves every volume
 * whole or absent: each listed one inspects and removes, and nothing half-made stays on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from '../helpers/daemon.js';

test('a volume\'s data and metadata survive a SIGKILL of wharfd and a restart', async () => {
  const d = await startDaemon();
  try {
    assert.equal((await d.docker(['volume', 'create', '--label', 'app=web', 'durable'])).code, 0);
    assert.equal((await d.docker(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'durtmp'])).code, 0);
    const before = (await d.api('GET', '/volumes')).json();
    const mp = (await d.api('GET', '/volumes/durable')).json().Mountpoint as string;
    mkdirSync(join(mp, 'html'));
    writeFileSync(join(mp, 'html', 'index.html'), '<h1>kept</h1>\n');
    await d.stop('SIGKILL');
    await d.start();
    assert.deepEqual((await d.api('GET', '/volumes')).json(), before);
    assert.equal(readFileSync(join(mp, 'html', 'index.html'), 'utf8'), '<h1>kept</h1>\n');
    const ls = await d.docker(['volume', 'ls', '--format', '{{.Name}} {{.Labels}}']);
    assert.deepEqual(ls.stdout.split('\n').filter(Boolean), ['durable app=web', 'durtmp ']);
    for (const n of ['durable', 'durtmp']) assert.equal((await d.docker(['volume', 'rm', n])).code, 0);
    assert.deepEqual(readdirSync(join(d.dataRoot, 'volumes')), []);
  } finally {
    await d.cleanup();
  }
});

test('a SIGKILL in the middle of creates and removes leaves every volume whole or absent', { timeout: 300_000 }, async () => {
  const d = await startDaemon();
  try {
    for (let round = 0; round < 3; round++) {
      const ops: Array<Promise<unknown>> = [];
      for (let i = 0; i < 6; i++) {
        const name = `r${round}v${i}`;
        ops.push((async () => {
          for (let k = 0; k < 5; k++) {
            await d.api('POST', '/volumes/create', { Name: `${name}k${k}`, Labels: { round: String(round) } });
            if (k % 2 === 1) await d.api('DELETE', `/volumes/${name}k${k}`);
          }
        })().catch(() => {})); // the daemon dies under some of them
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 300));
      await d.stop('SIGKILL');
      await Promise.all(ops);
      await d.start();
      const listed = (await d.api('GET', '/volumes')).json().Volumes as Array<{ Name: string; Mountpoint: string; Labels: Record<string, string> }>;
      for (const v of listed) {
        assert.ok(existsSync(v.Mountpoint), `${v.Name} has its data dir`);
        assert.equal((await d.api('GET', `/volumes/${v.Name}`)).status, 200);
        assert.match(v.Labels.round ?? '', /^\d$/);
      }
      const onDisk = readdirSync(join(d.dataRoot, 'volumes'));
      assert.deepEqual(onDisk.filter((n) => n.startsWith('.')), [], 'no leftovers of interrupted creates or removes');
      assert.deepEqual(onDisk.sort(), listed.map((v) => v.Name).sort(), 'every directory is a listed volume');
    }
    for (const v of (await d.api('GET', '/volumes')).json().Volumes as Array<{ Name: string }>) {
      assert.equal((await d.api('DELETE', `/volumes/${v.Name}`)).status, 204);
    }
  } finally {
    await d.cleanup();
  }
});
