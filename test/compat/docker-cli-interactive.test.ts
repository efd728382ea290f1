/**
 * The hijacked attach stream both ways, through the real docker CLI: stdin piped with -i, a TTY
 * session under a pseudo-terminal (`script`), the detach keys, and `logs -f` that ends with the container.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand, DOCKER } from '../helpers/daemon.js';
import { suiteDaemon } from '../helpers/suite.js';
import { inPty as inPtyAt } from '../helpers/pty.js';

const d = suiteDaemon();

/** Runs `docker …` inside a pseudo-terminal, typing `input` after `delayMs`. */
const inPty = (args: string[], input: string, delayMs = 700) => inPtyAt([DOCKER, '-H', d.host, ...args], input, delayMs);

test('stdin is piped with -i and its end reaches the container', async () => {
  const cat = await d.docker(['run', '-i', '--rm', 'busybox', 'cat'], { input: 'line one\nline two\n' });
  assert.deepEqual([cat.code, cat.stdout], [0, 'line one\nline two\n']);
  const sh = await d.docker(['run', '-i', '--rm', 'busybox', 'sh'], { input: 'echo from-sh; exit 5\n' });
  assert.deepEqual([sh.code, sh.stdout], [5, 'from-sh\n']);
  // Binary input holds the detach keys (0x10 0x11) by chance; without a TTY they are data, as in Docker.
  const binary = Buffer.concat(Array.from({ length: 64 }, (_, i) => Buffer.from([i, 0x10, 0x11, 0xff, 0x00])));
  const echoed = await runCommand(DOCKER, ['-H', d.host, 'run', '-i', '--rm', 'busybox', 'sh', '-c', 'od -An -tx1 | tr -d " \\n"'], { inputBuffer: binary });
  assert.equal(echoed.stdout, binary.toString('hex'));
  const big = 'x'.repeat(200_000) + '\n';
  const wc = await d.docker(['run', '-i', '--rm', 'busybox', 'wc', '-c'], { input: big });
  assert.equal(wc.stdout.trim(), String(big.length), 'large input arrives whole, in order');
});

test('run -it gives the process a terminal and typed commands run in it', async () => {
  const r = await inPty(['run', '-it', '--rm', 'busybox', 'sh'], 'tty; echo typed-$((6*7)); exit 4\r');
  assert.equal(r.code, 4, r.out);
  assert.match(r.out, /\/dev\/pts\/\d+/);
  assert.match(r.out, /typed-42/);
});

test('ctrl-p ctrl-q detaches and leaves the container running', async () => {
  const r = await inPty(['run', '-it', '--name', 'detachme', 'busybox', 'sh'], '\x10\x11');
  assert.equal(r.code, 0, r.out);
  const st = (await d.api('GET', '/containers/detachme/json')).json().State;
  assert.equal(st.Status, 'running');
  await d.docker(['rm', '-f', 'detachme']);
});

test('logs -f streams until the container exits', async () => {
  const run = await d.docker(['run', '-d', 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.3; done']);
  const t0 = Date.now();
  const logs = await d.docker(['logs', '-f', run.stdout.trim()], { timeout: 20_000 });
  assert.equal(logs.stdout, 'tick 1\ntick 2\ntick 3\n');
  assert.ok(Date.now() - t0 >= 500, 'it followed the container instead of returning at once');
});
