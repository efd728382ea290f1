import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServerProcess } from './server-process.js';

test('startServerProcess: resolves with the ready line\'s group; stop() ends the process', async () => {
  const { proc, ready } = await startServerProcess(['sh', '-c', 'echo "listening on 127.0.0.1:4242" >&2; exec sleep 30'], { name: 'fake', ready: /listening on (\S+)/ });
  assert.equal(ready, '127.0.0.1:4242');
  await proc.stop();
  assert.throws(() => process.kill(proc.pid, 0), { code: 'ESRCH' });
  await proc.stop(); // idempotent
});

test('startServerProcess: a server that exits first fails with its exit code and output', async () => {
  await assert.rejects(startServerProcess(['sh', '-c', 'echo boom; exit 3'], { name: 'fake', ready: /never/ }), /fake exited \(3\) before listening:\nboom/);
});

test('startServerProcess: a server that never listens is killed at the timeout', async () => {
  await assert.rejects(startServerProcess(['sleep', '30'], { name: 'fake', ready: /never/, timeoutMs: 200 }), /fake did not listen within 200 ms/);
});

test('startServerProcess: a missing program is an error, not a hang', async () => {
  await assert.rejects(startServerProcess(['/nonexistent/server'], { name: 'fake', ready: /never/ }), /fake: cannot start \/nonexistent\/server/);
});
