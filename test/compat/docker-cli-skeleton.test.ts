/**
 * The walking skeleton through the real docker CLI 28: import, run, ps, images, logs, rm.
 * Expectations (messages, exit codes) were taken from Docker 20.10 running the same commands.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, runCommand, type TestDaemon } from '../helpers/daemon.js';
import { busyboxTar } from '../helpers/busybox.js';

let d: TestDaemon;
before(async () => { d = await startDaemon(); });
after(async () => { await d.cleanup(); });

test('docker import brings in a rootfs tar and images lists it', async () => {
  const imp = await d.docker(['import', '-c', 'CMD ["sh"]', busyboxTar(), 'busybox:latest']);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout.trim(), /^sha256:[a-f0-9]{64}$/);
  const images = await d.docker(['images']);
  assert.equal(images.code, 0);
  const [header, row] = images.stdout.trim().split('\n');
  assert.match(header!, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  assert.match(row!, new RegExp(`^busybox\\s+latest\\s+${imp.stdout.trim().slice(7, 19)}\\s+.+\\s+[\\d.]+MB$`));
});

test('docker run --rm echo prints to stdout, exits 0 and leaves nothing behind', async () => {
  const r = await d.docker(['run', '--rm', 'busybox', 'echo', 'hi']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'hi\n', '']);
  const ps = await d.docker(['ps', '-aq']);
  assert.equal(ps.stdout, '');
});

test('many short attached runs in a row all see their exit (conmon writes exit files through a temp name)', async () => {
  for (let i = 0; i < 25; i++) {
    const r = await d.docker(['run', '--rm', 'busybox', 'echo', `run${i}`], { timeout: 20_000 });
    assert.deepEqual([r.code, r.stdout], [0, `run${i}\n`], r.stderr);
  }
});

test('parallel --rm runs that print a lot right before exiting lose no output', async () => {
  for (let round = 0; round < 3; round++) {
    const runs = await Promise.all([0, 1, 2, 3].map(() => d.docker(['run', '--rm', 'busybox', 'seq', '1', '20000'], { timeout: 30_000 })));
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines.length, 20001, `round ${round}: got ${lines.length - 1} of 20000 lines`);
      assert.equal(lines[19999], '20000');
    }
  }
});

test('exit codes propagate and stderr stays stderr', async () => {
  const r = await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
});

test('a missing command is exit 127 with the runtime message, not executable is 126', async () => {
  const missing = await d.docker(['run', 'busybox', 'nosuchcmd']);
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /docker: Error response from daemon: failed to create shim task: OCI runtime create failed: .*exec: "nosuchcmd": executable file not found in \$PATH: unknown/);
  assert.doesNotMatch(missing.stderr, /Error waiting for container/);
  const noexec = await d.docker(['run', '--rm', 'busybox', '/etc/passwd']);
  assert.equal(noexec.code, 126);
  assert.match(noexec.stderr, /permission denied/);
  const ps = await d.docker(['ps', '-a', '--format', '{{.Command}} {{.Status}}']);
  assert.match(ps.stdout, /"nosuchcmd" Created/);
  assert.doesNotMatch(ps.stdout, /etc\/passwd/, '--rm removes a container whose start failed');
});

test('an unknown user is refused at start with Docker\'s message and recorded in State', async () => {
  const r = await d.docker(['run', '--name', 'baduser', '-u', 'foo', 'busybox', 'true']);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /Error response from daemon: unable to find user foo: no matching entries in passwd file/);
  const st = await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}', 'baduser']);
  assert.equal(st.stdout.trim(), 'created 128 unable to find user foo: no matching entries in passwd file');
  await d.docker(['rm', 'baduser']);
});

test('a missing image is exit 125 after Docker\'s "Unable to find image" line', async () => {
  const r = await d.docker(['run', '--rm', 'nosuchimage']);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /^Unable to find image 'nosuchimage:latest' locally/);
});

test('run -d, ps, logs, stop and rm', async () => {
  const run = await d.docker(['run', '-d', '--name', 'web1', 'busybox', 'sh', '-c', 'echo started; sleep 30']);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  assert.match(id, /^[a-f0-9]{64}$/);
  const list = await d.docker(['ps']);
  assert.match(list.stdout, new RegExp(`^${id.slice(0, 12)}\\s+busybox\\s+"sh -c 'echo started…"\\s+.*Up .*web1$`, 'm'));
  let logs = await d.docker(['logs', 'web1']);
  for (let i = 0; i < 50 && logs.stdout === ''; i++) {
    await new Promise((r) => setTimeout(r, 50));
    logs = await d.docker(['logs', 'web1']);
  }
  assert.equal(logs.stdout, 'started\n');
  const rmRunning = await d.docker(['rm', 'web1']);
  assert.equal(rmRunning.code, 1);
  assert.match(rmRunning.stderr, /You cannot remove a running container [a-f0-9]{64}\. Stop the container before attempting removal or force remove/);
  const stop = await d.docker(['stop', '-t', '1', 'web1']);
  assert.equal(stop.code, 0, stop.stderr);
  const inspect = await d.docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'web1']);
  assert.equal(inspect.stdout.trim(), 'exited 137', 'sh ignores SIGTERM as PID 1, so stop ends in SIGKILL');
  const rm = await d.docker(['rm', 'web1']);
  assert.deepEqual([rm.code, rm.stdout.trim()], [0, 'web1']);
  assert.doesNotMatch(readFileSync('/proc/self/mountinfo', 'utf8'), new RegExp(id), 'no mount of the container is left');
  assert.equal(existsSync(join(d.dataRoot, 'containers', id)), false);
  assert.equal(existsSync(join(d.execRoot, 'c', id)), false);
  const ps = await runCommand('ps', ['-eo', 'args']);
  assert.doesNotMatch(ps.stdout, new RegExp(`conmon .*${id}`), 'no conmon is left for it');
  assert.equal((await d.docker(['ps', '-aq', '--filter', 'name=web1'])).stdout, '');
});

test('unknown container gives Docker\'s message', async () => {
  const r = await d.docker(['logs', 'nope']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Error response from daemon: No such container: nope/);
});

test('version shows the server side', async () => {
  const r = await d.docker(['version', '--format', '{{.Server.APIVersion}} {{.Server.Os}}']);
  assert.equal(r.stdout.trim(), '1.50 linux');
});
