/**
 * The wharf CLI against a real wharfd: each case runs `node dist/src/cli/main.js -H unix://…` as a
 * child process and checks stdout, stderr and the exit status the way a user would see them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxTar } from '../helpers/busybox.js';
import { CLI_JS, runCommand, startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
const wharf = (args: string[], o: { input?: string } = {}): ReturnType<TestDaemon['wharf']> => d.wharf(args, o);

before(async () => {
  d = await startDaemon();
});
after(async () => {
  await d?.cleanup();
});

describe('images', () => {
  test('import prints the image ID and images lists it', async () => {
    const r = await wharf(['import', '-c', 'CMD ["sh"]', '-m', 'cli test', busyboxTar(), 'busybox:latest']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^sha256:[a-f0-9]{64}\n$/);
    const id = r.stdout.trim().slice(7, 19);
    const l = await wharf(['images']);
    assert.equal(l.code, 0);
    const lines = l.stdout.split('\n');
    assert.match(lines[0] ?? '', /^REPOSITORY {3}TAG {7}IMAGE ID {7}CREATED +SIZE$/);
    assert.match(l.stdout, new RegExp(`^busybox {6}latest {4}${id} {3}.+ ago {3}[0-9.]+[kM]B$`, 'm'));
    const q = await wharf(['images', '-q']);
    assert.equal(q.stdout, `${id}\n`);
  });
});

describe('import from stdin', () => {
  test('import - reads the tarball from stdin and tags it', async () => {
    const child = spawn(process.execPath, [CLI_JS, '-H', d.host, 'import', '-', 'cli/stdin:v1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    createReadStream(busyboxTar()).pipe(child.stdin);
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.match(out, /^sha256:[a-f0-9]{64}\n$/);
    const l = await wharf(['images', '--format', '{{.Repository}}:{{.Tag}}', 'cli/stdin']);
    assert.equal(l.stdout, 'cli/stdin:v1\n');
  });
});

describe('run', () => {
  test('echo: stdout only, exit 0', async () => {
    assert.deepEqual(await wharf(['run', '--rm', 'busybox', 'echo', 'hi']), { code: 0, stdout: 'hi\n', stderr: '' });
  });

  test('the container exit code is the CLI exit code', async () => {
    const r = await wharf(['run', '--rm', 'busybox', 'sh', '-c', 'exit 3']);
    assert.equal(r.code, 3);
  });

  test('stderr stays stderr', async () => {
    const r = await wharf(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
    assert.deepEqual(r, { code: 0, stdout: 'out\n', stderr: 'err\n' });
  });

  test('flags after the image belong to the command; -e -w -u --entrypoint apply', async () => {
    const r = await wharf(['run', '--rm', '-e', 'A=1', '-eB=2', '-w', '/tmp', '-u', '65534', '--entrypoint', 'sh', 'busybox',
      '-c', 'echo $A $B $(pwd) $(id -u)']);
    assert.deepEqual(r, { code: 0, stdout: '1 2 /tmp 65534\n', stderr: '' });
  });

  test('-i forwards stdin until EOF', async () => {
    const r = await wharf(['run', '-i', '--rm', 'busybox', 'sh', '-c', 'cat; echo done'], { input: 'line1\nline2\n' });
    assert.deepEqual(r, { code: 0, stdout: 'line1\nline2\ndone\n', stderr: '' });
  });

  test('-i is binary-safe for large input (ctrl-p ctrl-q bytes are data without a TTY)', async () => {
    const data = randomBytes(1 << 20);
    const child = spawn(process.execPath, [CLI_JS, '-H', d.host, 'run', '--rm', '-i', 'busybox', 'cat'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdin.end(data);
    assert.equal(await new Promise((r) => child.on('close', r)), 0);
    assert.ok(Buffer.concat(chunks).equals(data), `got ${Buffer.concat(chunks).length} of ${data.length} bytes`);
  });

  test('a missing image is looked up, then reported like docker (125)', async () => {
    const r = await wharf(['run', '--rm', 'nosuchimage']);
    assert.equal(r.code, 125);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Unable to find image 'nosuchimage:latest' locally\n/);
    assert.match(r.stderr, /\nwharf: Error response from daemon: .+\n\nRun 'wharf run --help' for more information\n$/);
  });

  test('a missing command exits 127, a non-executable one 126', async () => {
    const r = await wharf(['run', '--rm', 'busybox', 'nonexist']);
    assert.equal(r.code, 127);
    assert.match(r.stderr, /^wharf: Error response from daemon: .*executable file not found.*\n\nRun 'wharf run --help' for more information\n$/s);
    const x = await wharf(['run', '--rm', 'busybox', '/etc']);
    assert.equal(x.code, 126);
    assert.match(x.stderr, /permission denied/);
  });

  test('--rm removes the container after it exits', async () => {
    await wharf(['run', '--rm', '--name', 'cli-removed', 'busybox', 'true']);
    const ps = await wharf(['ps', '-a', '--format', '{{.Names}}']);
    assert.doesNotMatch(ps.stdout, /cli-removed/);
  });

  test('a daemon error on create is docker-worded, exit 125', async () => {
    await wharf(['run', '--name', 'cli-dup', 'busybox', 'true']);
    const r = await wharf(['run', '--name', 'cli-dup', 'busybox', 'true']);
    assert.equal(r.code, 125);
    assert.match(r.stderr, /^wharf: Error response from daemon: .*cli-dup.*\n\nRun 'wharf run --help' for more information\n$/s);
    await wharf(['rm', 'cli-dup']);
  });
});

describe('tty and signals', () => {
  test('-t: raw TTY output (CRLF, stderr merged into stdout); logs of a TTY container are raw too', async () => {
    assert.deepEqual(await wharf(['run', '-t', '--rm', 'busybox', 'echo', 'hi']), { code: 0, stdout: 'hi\r\n', stderr: '' });
    const r = await wharf(['run', '-t', '--name', 'cli-tty', 'busybox', 'sh', '-c', 'echo a; echo b >&2; exit 2']);
    assert.deepEqual(r, { code: 2, stdout: 'a\r\nb\r\n', stderr: '' });
    assert.deepEqual(await wharf(['logs', 'cli-tty']), { code: 0, stdout: 'a\r\nb\r\n', stderr: '' });
    await wharf(['rm', 'cli-tty']);
  });

  test('signals to wharf run are forwarded to the container', async () => {
    const child = spawn(process.execPath, [CLI_JS, '-H', d.host, 'run', '--rm', 'busybox', 'sh', '-c',
      'trap "echo got TERM; exit 4" TERM; echo ready; sleep 30 & wait'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 200 && !out.includes('ready'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /ready/);
    child.kill('SIGTERM');
    assert.equal(await exited, 4);
    assert.equal(out, 'ready\ngot TERM\n');
  });
});

describe('containers', () => {
  test('ps -a, logs and rm of an exited container', async () => {
    const run = await wharf(['run', '--name', 'cli-named', 'busybox', 'sh', '-c', 'echo logged; echo warned >&2']);
    assert.equal(run.code, 0);
    const ps = await wharf(['ps', '-a']);
    assert.match(ps.stdout.split('\n')[0] ?? '', /^CONTAINER ID {3}IMAGE {5}COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    assert.match(ps.stdout, /^[a-f0-9]{12} {3}busybox {3}"sh -c 'echo logged;…" {3}.+ ago {3}Exited \(0\) .+cli-named$/m);
    const running = await wharf(['ps', '--format', '{{.Names}}']);
    assert.doesNotMatch(running.stdout, /cli-named/);
    assert.deepEqual(await wharf(['logs', 'cli-named']), { code: 0, stdout: 'logged\n', stderr: 'warned\n' });
    assert.deepEqual(await wharf(['rm', 'cli-named']), { code: 0, stdout: 'cli-named\n', stderr: '' });
    const again = await wharf(['rm', 'cli-named']);
    assert.deepEqual(again, { code: 1, stdout: '', stderr: 'Error response from daemon: No such container: cli-named\n' });
  });

  test('run -d prints the full ID; ps -q lists it; rm -f removes it', async () => {
    const r = await wharf(['run', '-d', 'busybox', 'sleep', '100']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^[a-f0-9]{64}\n$/);
    const id = r.stdout.trim();
    const q = await wharf(['ps', '-q']);
    assert.ok(q.stdout.split('\n').includes(id.slice(0, 12)), q.stdout);
    const json = await wharf(['ps', '--format', 'json']);
    const row = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>).find((o) => o['ID'] === id.slice(0, 12));
    assert.equal(row?.['State'], 'running');
    assert.deepEqual(await wharf(['rm', '-f', id]), { code: 0, stdout: `${id}\n`, stderr: '' });
  });

  test('rm with several names reports each failure and exits 1', async () => {
    const r = await wharf(['rm', 'nosuch1', 'nosuch2']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error response from daemon: No such container: nosuch1\nError response from daemon: No such container: nosuch2\n');
  });

  test('logs of a missing container', async () => {
    const r = await wharf(['logs', 'nosuch']);
    assert.deepEqual(r, { code: 1, stdout: '', stderr: 'Error response from daemon: No such container: nosuch\n' });
  });
});

describe('system', () => {
  test('version shows the client and the server', async () => {
    const r = await wharf(['version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Client:\n Version: {11}0\.1\.0\n API version: {7}1\.\d+/);
    assert.match(r.stdout, /\n\nServer:.*\n Engine:\n {2}Version: {10}\S+/);
  });

  test('info shows docker\'s server section', async () => {
    const r = await wharf(['info']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Client:\n Version: {4}0\.1\.0\n Context: {4}default\n Debug Mode: false\n\nServer:\n Containers: \d+\n {2}Running: \d+/);
  });
});

describe('command line (no daemon needed)', () => {
  const bare = (args: string[]): ReturnType<typeof runCommand> =>
    runCommand(process.execPath, [CLI_JS, '-H', 'unix:///nonexistent/wharf.sock', ...args]);

  test('unknown flag → usage, exit 125', async () => {
    assert.deepEqual(await bare(['run', '--bogus']), {
      code: 125, stdout: '',
      stderr: "unknown flag: --bogus\n\nUsage:  wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'wharf run --help' for more information\n",
    });
  });

  test('missing argument → docker wording, exit 1', async () => {
    const r = await bare(['run']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "wharf: 'wharf run' requires at least 1 argument\n\nUsage:  wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'wharf run --help' for more information\n");
  });

  test('registry is delegated to the registry command line', async () => {
    const r = await bare(['registry', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: {2}wharf registry COMMAND/);
  });

  test('--help and --version', async () => {
    const h = await bare(['ps', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^Usage: {2}wharf ps \[OPTIONS\]\n\nList containers\n\nAliases:\n/);
    assert.match((await bare(['--version'])).stdout, /^Wharf version 0\.1\.0, build \S+\n$/);
  });

  test('no daemon → docker message, exit 1 (125 for run)', async () => {
    const ps = await bare(['ps']);
    assert.deepEqual(ps, { code: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///nonexistent/wharf.sock. Is the docker daemon running?\n' });
    const run = await bare(['run', 'busybox']);
    assert.equal(run.code, 125);
    assert.match(run.stderr, /^wharf: Cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/wharf\.sock\. Is the docker daemon running\?\n\nRun 'wharf run --help'/);
  });
});
