/**
 * Autostart: when nothing answers, the CLI starts the daemon detached and waits for `_ping`. The
 * default socket is shared on this machine, so the test points the same code at a temp socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDaemon } from '../../src/cli/autostart.js';
import { ConnectionError } from '../../src/client/errors.js';
import { Transport, parseDaemonHost } from '../../src/client/transport.js';
import { DAEMON_JS } from '../helpers/daemon.js';

test('ensureDaemon starts a detached wharfd and waits until it answers', async () => {
  const root = mkdtempSync('/tmp/wh-auto-');
  const host = `unix://${root}/run/wharf.sock`;
  const t = new Transport(parseDaemonHost(host));
  let pid: number | undefined;
  try {
    await assert.rejects(ensureDaemon(t, { autostart: false, debug: false, log: () => undefined }), ConnectionError);
    const command = [process.execPath, DAEMON_JS, '--data-root', join(root, 'data'), '--exec-root', join(root, 'run'), '-H', host];
    pid = await ensureDaemon(t, { autostart: true, debug: false, log: () => undefined, command, logFile: join(root, 'wharfd.log') });
    assert.ok(pid && pid > 0);
    assert.match(await t.version(), /^1\.\d+$/);
    assert.equal(await ensureDaemon(t, { autostart: true, debug: false, log: () => undefined, command }), undefined);
    assert.match(readFileSync(join(root, 'wharfd.log'), 'utf8'), /listening/i);
  } finally {
    t.close();
    if (pid) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
});

test('a daemon command that exits at once fails fast instead of waiting 10 s', async () => {
  const root = mkdtempSync('/tmp/wh-auto-');
  const t = new Transport(parseDaemonHost(`unix://${root}/none.sock`));
  const start = Date.now();
  try {
    await assert.rejects(ensureDaemon(t, { autostart: true, debug: false, log: () => undefined, command: ['/bin/false'], logFile: join(root, 'log') }), ConnectionError);
    assert.ok(Date.now() - start < 5000);
  } finally {
    t.close();
    rmSync(root, { recursive: true, force: true });
  }
});
