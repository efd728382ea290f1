/**
 * `wharf create/start/stop/restart/kill/wait/attach` against a real wharfd: outputs, messages and
 * exit codes as the docker CLI 28 prints them against the reference Docker (asked with the same
 * commands there), interactive attach and detach under a pseudo-terminal.
 */
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_JS, startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
const wharf = (args: string[], o: { input?: string } = {}): ReturnType<TestDaemon['wharf']> => d.wharf(args, o);
const state = async (name: string): Promise<{ Status: string; ExitCode: number; StartedAt: string }> =>
  (await d.api('GET', `/containers/${name}/json`)).json().State;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the container's log has `text` (a trap is set once the script printed it). */
async function logged(name: string, text: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await wharf(['logs', name])).stdout.includes(text)) return;
    await sleep(50);
  }
  assert.fail(`${name} never logged ${text}`);
}

/** Runs `wharf …` inside a pseudo-terminal (`script`), typing `input` once `ready` shows in the output. */
function inPty(args: string[], input: string, ready: string): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, CLI_JS, '-H', d.host, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let typed = false;
  child.stdout.on('data', (c) => {
    out += c;
    if (!typed && out.includes(ready)) {
      typed = true;
      child.stdin.write(input);
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('close', (code) => { clearTimeout(killer); resolve({ code, out }); }));
}

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
});
after(async () => {
  await d?.cleanup();
});

describe('create and start', () => {
  test('create prints the ID; start -a streams stdout and stderr and exits with the code', async () => {
    const c = await wharf(['create', '--name', 'lc-c1', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^[a-f0-9]{64}\n$/);
    assert.equal((await state('lc-c1')).Status, 'created');
    assert.deepEqual(await wharf(['start', '-a', 'lc-c1']), { code: 3, stdout: 'out\n', stderr: 'err\n' });
    assert.deepEqual(await wharf(['container', 'start', '--attach', 'lc-c1']), { code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  test('start -a of a --rm container waits for its removal', async () => {
    assert.equal((await wharf(['create', '--rm', '--name', 'lc-rm', 'busybox', 'sh', '-c', 'echo bye; exit 2'])).code, 0);
    assert.deepEqual(await wharf(['start', '-a', 'lc-rm']), { code: 2, stdout: 'bye\n', stderr: '' });
    assert.equal((await d.api('GET', '/containers/lc-rm/json')).status, 404);
  });

  test('start -ai sends stdin to a container created with -i', async () => {
    assert.equal((await wharf(['create', '-i', '--name', 'lc-cat', 'busybox', 'sh', '-c', 'cat; exit 4'])).code, 0);
    assert.deepEqual(await wharf(['start', '-ai', 'lc-cat'], { input: 'typed in\n' }), { code: 4, stdout: 'typed in\n', stderr: '' });
  });

  test('create refuses bad flags with the create hint (125) and reports daemon errors plainly (1)', async () => {
    assert.deepEqual(await wharf(['create', '--pull', 'foo', 'busybox']), {
      code: 125, stdout: '',
      stderr: `wharf: invalid pull option: 'foo': must be one of "always", "missing" or "never"\n\nRun 'wharf create --help' for more information\n`,
    });
    assert.deepEqual(await wharf(['create', '--restart', 'always', '--rm', 'busybox']), {
      code: 125, stdout: '', stderr: "wharf: conflicting options: cannot specify both --restart and --rm\n\nRun 'wharf create --help' for more information\n",
    });
    assert.deepEqual(await wharf(['create', 'BUSYBOX']), {
      code: 1, stdout: '', stderr: 'invalid reference format: repository name (library/BUSYBOX) must be lowercase\n',
    });
    const id = (await d.api('GET', '/containers/lc-c1/json')).json().Id;
    const dup = await wharf(['create', '--name', 'lc-c1', 'busybox']);
    assert.equal(dup.code, 1);
    assert.equal(dup.stderr, `Error response from daemon: Conflict. The container name "/lc-c1" is already in use by container "${id}". `
      + 'You have to remove (or rename) that container to be able to reuse that name.\n');
    assert.deepEqual(await wharf(['create', '--pull', 'never', 'nosuchimg']), {
      code: 1, stdout: '', stderr: 'Error response from daemon: No such image: nosuchimg:latest\n',
    });
    assert.deepEqual(await wharf(['create']), {
      code: 1, stdout: '',
      stderr: "wharf: 'wharf create' requires at least 1 argument\n\nUsage:  wharf create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'wharf create --help' for more information\n",
    });
  });

  test('start of several: each started name printed, each failure at once, then the summary, exit 1', async () => {
    assert.deepEqual(await wharf(['start', 'lc-c1', 'nosuch1', 'lc-c1', 'nosuch2']), {
      code: 1, stdout: 'lc-c1\nlc-c1\n',
      stderr: 'Error response from daemon: No such container: nosuch1\nError response from daemon: No such container: nosuch2\n'
        + 'Error: failed to start containers: nosuch1, nosuch2\n',
    });
    assert.deepEqual(await wharf(['start', '-a', 'lc-c1', 'nosuch1']), { code: 1, stdout: '', stderr: 'you cannot start and attach multiple containers at once\n' });
    assert.deepEqual(await wharf(['start', '-i', 'nosuch1']), { code: 1, stdout: '', stderr: 'Error response from daemon: No such container: nosuch1\n' });
    assert.deepEqual(await wharf(['start', '--checkpoint', 'x', 'lc-c1']), {
      code: 1, stdout: '', stderr: '"--checkpoint" is only supported on a Docker daemon with experimental features enabled\n',
    });
  });

  test('a start that fails is printed as the daemon words it, exit 1', async () => {
    assert.equal((await wharf(['create', '--name', 'lc-bad', 'busybox', 'nosuchcmd'])).code, 0);
    const attached = await wharf(['start', '-a', 'lc-bad']);
    assert.equal(attached.code, 1);
    assert.match(attached.stderr, /^Error response from daemon: .*nosuchcmd.*\n$/);
    const plain = await wharf(['start', 'lc-bad']);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /^Error response from daemon: .*nosuchcmd.*\nError: failed to start containers: lc-bad\n$/);
  });
});

describe('stop, restart, kill, wait', () => {
  test('stop -t 0 kills at once (137); a stopped container is stopped again silently; missing ones fail at the end', async () => {
    assert.equal((await wharf(['run', '-d', '--name', 'lc-s1', 'busybox', 'sleep', '300'])).code, 0);
    const t0 = Date.now();
    assert.deepEqual(await wharf(['stop', '-t', '0', 'lc-s1']), { code: 0, stdout: 'lc-s1\n', stderr: '' });
    assert.ok(Date.now() - t0 < 5000, 'no grace period with -t 0');
    assert.deepEqual([(await state('lc-s1')).Status, (await state('lc-s1')).ExitCode], ['exited', 137]);
    assert.deepEqual(await wharf(['stop', 'nosuch1', 'lc-s1', 'nosuch2']), {
      code: 1, stdout: 'lc-s1\n',
      stderr: 'Error response from daemon: No such container: nosuch1\nError response from daemon: No such container: nosuch2\n',
    });
  });

  test('stop -s sends that signal first; --time still works with docker\'s deprecation notice', async () => {
    const script = 'trap "echo got USR1; exit 7" USR1; echo armed; while true; do sleep 0.1; done';
    assert.equal((await wharf(['run', '-d', '--name', 'lc-s2', 'busybox', 'sh', '-c', script])).code, 0);
    await logged('lc-s2', 'armed');
    assert.deepEqual(await wharf(['stop', '-s', 'USR1', '-t', '20', 'lc-s2']), { code: 0, stdout: 'lc-s2\n', stderr: '' });
    assert.equal((await state('lc-s2')).ExitCode, 7, 'the trap ran, not the SIGKILL');
    assert.equal((await wharf(['start', 'lc-s2'])).code, 0);
    assert.deepEqual(await wharf(['stop', '--time', '0', 'lc-s2']), {
      code: 0, stdout: 'lc-s2\n', stderr: 'Flag --time has been deprecated, use --timeout instead\n',
    });
    assert.equal((await state('lc-s2')).ExitCode, 137);
    const bad = await wharf(['stop', '-t', 'x', 'lc-s2']);
    assert.deepEqual(bad, {
      code: 125, stdout: '',
      stderr: 'invalid argument "x" for "-t, --timeout" flag: strconv.ParseInt: parsing "x": invalid syntax\n\n'
        + "Usage:  wharf stop [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'wharf stop --help' for more information\n",
    });
  });

  test('restart stops (here past the timeout) and starts again; missing names fail after the others', async () => {
    assert.equal((await wharf(['run', '-d', '--name', 'lc-r1', 'busybox', 'sleep', '300'])).code, 0);
    const before1 = (await state('lc-r1')).StartedAt;
    assert.deepEqual(await wharf(['restart', '-t', '1', 'nosuch', 'lc-r1']), {
      code: 1, stdout: 'lc-r1\n', stderr: 'Error response from daemon: No such container: nosuch\n',
    });
    const after1 = await state('lc-r1');
    assert.equal(after1.Status, 'running');
    assert.notEqual(after1.StartedAt, before1);
    assert.deepEqual(await wharf(['container', 'restart', '-s', 'KILL', 'lc-r1']), { code: 0, stdout: 'lc-r1\n', stderr: '' });
    assert.equal((await state('lc-r1')).Status, 'running');
    await wharf(['rm', '-f', 'lc-r1']);
  });

  test('kill -s USR1 reaches a trap and the container goes on; kill without -s is SIGKILL', async () => {
    const script = 'trap "echo got USR1" USR1; echo armed; while true; do sleep 0.1; done';
    assert.equal((await wharf(['run', '-d', '--name', 'lc-k1', 'busybox', 'sh', '-c', script])).code, 0);
    await logged('lc-k1', 'armed');
    assert.deepEqual(await wharf(['kill', '-s', 'USR1', 'lc-k1']), { code: 0, stdout: 'lc-k1\n', stderr: '' });
    await logged('lc-k1', 'got USR1');
    assert.equal((await state('lc-k1')).Status, 'running');
    const id = (await d.api('GET', '/containers/lc-k1/json')).json().Id;
    assert.deepEqual(await wharf(['kill', '-s', 'FOO', 'lc-k1']), { code: 1, stdout: '', stderr: 'Error response from daemon: Invalid signal: FOO\n' });
    assert.deepEqual(await wharf(['kill', 'nosuch', 'lc-k1']), {
      code: 1, stdout: 'lc-k1\n', stderr: 'Error response from daemon: Cannot kill container: nosuch: No such container: nosuch\n',
    });
    assert.deepEqual([(await state('lc-k1')).Status, (await state('lc-k1')).ExitCode], ['exited', 137]);
    assert.deepEqual(await wharf(['kill', 'lc-k1']), {
      code: 1, stdout: '', stderr: `Error response from daemon: Cannot kill container: lc-k1: Container ${id} is not running\n`,
    });
  });

  test('wait prints each exit code in turn; a missing name fails after the others', async () => {
    assert.equal((await wharf(['run', '-d', '--name', 'lc-w1', 'busybox', 'sh', '-c', 'sleep 0.5; exit 3'])).code, 0);
    assert.equal((await wharf(['run', '-d', '--name', 'lc-w2', 'busybox', 'sh', '-c', 'sleep 0.2; exit 0'])).code, 0);
    assert.deepEqual(await wharf(['wait', 'lc-w1', 'nosuch', 'lc-w2']), {
      code: 1, stdout: '3\n0\n', stderr: 'Error response from daemon: No such container: nosuch\n',
    });
    assert.deepEqual(await wharf(['container', 'wait', 'lc-w1']), { code: 0, stdout: '3\n', stderr: '' });
  });
});

describe('attach', () => {
  test('attach streams a running container\'s output and exits with its code', async () => {
    const script = 'sleep 1; echo out; echo err >&2; exit 5';
    assert.equal((await wharf(['run', '-d', '--name', 'lc-a1', 'busybox', 'sh', '-c', script])).code, 0);
    assert.deepEqual(await wharf(['attach', 'lc-a1']), { code: 5, stdout: 'out\n', stderr: 'err\n' });
    assert.deepEqual(await wharf(['attach', 'lc-a1']), { code: 1, stdout: '', stderr: 'You cannot attach to a stopped container, start it first\n' });
    assert.deepEqual(await wharf(['attach', 'nosuch']), { code: 1, stdout: '', stderr: 'Error response from daemon: No such container: nosuch\n' });
    assert.deepEqual(await wharf(['attach', 'a', 'b']), {
      code: 1, stdout: '',
      stderr: "wharf: 'wharf attach' requires 1 argument\n\nUsage:  wharf attach [OPTIONS] CONTAINER\n\nRun 'wharf attach --help' for more information\n",
    });
  });

  test('attach sends stdin to a container that keeps it open, and proxies signals', async () => {
    assert.equal((await wharf(['run', '-di', '--name', 'lc-a2', 'busybox', 'sh', '-c', 'read line; echo "read $line"; exit 2'])).code, 0);
    assert.deepEqual(await wharf(['attach', 'lc-a2'], { input: 'hello\n' }), { code: 2, stdout: 'read hello\n', stderr: '' });
    const script = 'trap "echo got TERM; exit 9" TERM; echo armed; while true; do sleep 0.1; done';
    assert.equal((await wharf(['run', '-d', '--name', 'lc-a3', 'busybox', 'sh', '-c', script])).code, 0);
    await logged('lc-a3', 'armed');
    const child = spawn(process.execPath, [CLI_JS, '-H', d.host, 'attach', '--no-stdin', 'lc-a3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await sleep(1000);
    child.kill('SIGTERM');
    assert.equal(await exited, 9);
  });

  test('a TTY container with stdin not a terminal is refused unless --no-stdin', async () => {
    assert.equal((await wharf(['run', '-dit', '--name', 'lc-t1', 'busybox', 'sh'])).code, 0);
    assert.deepEqual(await wharf(['attach', 'lc-t1'], { input: '' }), { code: 1, stdout: '', stderr: 'the input device is not a TTY\n' });
    await wharf(['rm', '-f', 'lc-t1']);
  });

  test('under a terminal: attach, type, detach with ctrl-p ctrl-q ("read escape sequence", exit 1); the container runs on', async () => {
    assert.equal((await wharf(['run', '-dit', '--name', 'lc-t2', 'busybox', 'sh', '-c', 'while true; do echo tick; sleep 0.3; done'])).code, 0);
    const r = await inPty(['attach', 'lc-t2'], '\x10\x11', 'tick');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /tick\r+\n/);
    assert.match(r.out, /read escape sequence\r?\n$/);
    assert.equal((await state('lc-t2')).Status, 'running');
    const keys = await inPty(['attach', '--detach-keys', 'ctrl-x', 'lc-t2'], '\x18', 'tick');
    assert.equal(keys.code, 1, keys.out);
    assert.match(keys.out, /read escape sequence/);
    assert.equal((await state('lc-t2')).Status, 'running');
    await wharf(['rm', '-f', 'lc-t2']);
  });

  test('under a terminal: start -ai gives a shell, typed commands run, detaching exits 0', async () => {
    assert.equal((await wharf(['create', '-it', '--name', 'lc-t3', 'busybox', 'sh'])).code, 0);
    const r = await inPty(['start', '-ai', 'lc-t3'], 'echo typed-$((6*7)); exit 6\r', '#');
    assert.equal(r.code, 6, r.out);
    assert.match(r.out, /typed-42/);
    const det = await inPty(['start', '-ai', 'lc-t3'], '\x10\x11', '#');
    assert.equal(det.code, 0, det.out);
    assert.doesNotMatch(det.out, /read escape sequence/);
    assert.equal((await state('lc-t3')).Status, 'running');
    await wharf(['rm', '-f', 'lc-t3']);
  });
});
