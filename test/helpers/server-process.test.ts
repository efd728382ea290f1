import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../registry/helpers.js';
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

test('startServerProcess: a test process that crashes takes its servers with it', async () => {
  const mod = new URL('./server-process.js', import.meta.url).href;
  const script = `import { startServerProcess } from ${JSON.stringify(mod)};
    const { proc } = await startServerProcess(['sh', '-c', 'echo ready; exec sleep 30'], { name: 'fake', ready: /ready/ });
    console.log(proc.pid);
    throw new Error('crash');`;
  const r = await run(process.execPath, ['--input-type=module', '-e', script], 10_000);
  const pid = Number(r.stdout.trim());
  assert.ok(pid > 0, r.stderr);
  const deadline = Date.now() + 2000; // the orphan is reaped by init shortly after the kill
  while (Date.now() < deadline && alive(pid)) await new Promise((res) => setTimeout(res, 20));
  assert.equal(alive(pid), false);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
