/**
 * `exec` through the real docker CLI and through `wharf exec`, each against wharfd, with the
 * reference Docker's outputs and exit codes (Docker 20.10.24 driven by docker CLI 28): streams with
 * and without a TTY, stdin with -i, -d, -u, -w, -e, --env-file, a command that cannot run, a stopped
 * or missing container; `-it` under a pseudo-terminal (its size, typed commands, detach keys).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, runCommand, DOCKER, WHARF_BIN, type TestDaemon, type RunResult } from '../helpers/daemon.js';
import { ptySession } from '../helpers/pty.js';

let d: TestDaemon;
let box: string;
let stopped: string;
let dir: string;

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  box = (await d.docker(['run', '-d', '--name', 'box', 'busybox', 'sleep', '1000'])).stdout.trim();
  stopped = (await d.docker(['create', 'busybox', 'true'])).stdout.trim();
  dir = mkdtempSync('/tmp/wh-envf-');
});
after(async () => {
  await d.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The argv that runs each CLI against the test daemon. */
const CLIS: Record<string, () => string[]> = {
  docker: () => [DOCKER, '-H', d.host],
  wharf: () => [WHARF_BIN, '-H', d.host],
};

function cli(name: string, args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const [cmd, ...pre] = CLIS[name]!();
  return runCommand(cmd!, [...pre, ...args], { ...o, timeout: 30_000 });
}

const EXEC_FAILED = 'OCI runtime exec failed: exec failed: unable to start container process:';

/** [args, stdin, exit code, stdout, stderr] as the reference Docker gives them. */
const CASES: Array<[string[], string | undefined, number, string, string]> = [
  [['exec', 'box', 'sh', '-c', 'echo hi; echo err >&2; exit 3'], undefined, 3, 'hi\n', 'err\n'],
  [['exec', '-t', 'box', 'sh', '-c', 'echo x; echo y >&2; exit 5'], undefined, 5, 'x\r\ny\r\n', ''],
  [['exec', '-i', 'box', 'sh', '-c', 'cat; exit 2'], 'in\n', 2, 'in\n', ''],
  [['exec', 'box', 'cat'], 'not sent\n', 0, '', ''],
  [['exec', '-w', '/tmp', '-u', '65534:65534', 'box', 'sh', '-c', 'pwd; id'], undefined, 0, '/tmp\nuid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n', ''],
  [['exec', '-u', 'nobody', 'box', 'id', '-un'], undefined, 0, 'nobody\n', ''],
  [['exec', '-e', 'A=1', '-e', 'PATH=/bin', 'box', 'sh', '-c', 'echo $A $PATH'], undefined, 0, '1 /bin\n', ''],
  [['exec', 'box', 'nosuchcmd'], undefined, 126, `${EXEC_FAILED} exec: "nosuchcmd": executable file not found in $PATH: unknown\r\n`, ''],
  [['exec', 'box', '/etc'], undefined, 126, `${EXEC_FAILED} exec: "/etc": permission denied: unknown\r\n`, ''],
  [['exec', '-w', '/nonexist', 'box', 'pwd'], undefined, 126,
    `${EXEC_FAILED} chdir to cwd ("/nonexist") set in config.json failed: no such file or directory: unknown\r\n`, ''],
  [['exec', '-u', 'nosuchuser', 'box', 'true'], undefined, 126, 'unable to find user nosuchuser: no matching entries in passwd file\r\n', ''],
  [['exec', 'nosuch', 'true'], undefined, 1, '', 'Error response from daemon: No such container: nosuch\n'],
  [['exec', '-it', 'box', 'true'], '', 1, '', 'the input device is not a TTY\n'],
  [['exec', '--detach-keys', 'bogus', 'box', 'true'], undefined, 1, '', 'Error response from daemon: Invalid escape keys (bogus) provided\n'],
];

for (const name of Object.keys(CLIS)) {
  test(`${name} exec: output, streams, stdin and exit codes as Docker's`, async () => {
    for (const [args, input, code, stdout, stderr] of CASES) {
      const r = await cli(name, args, input === undefined ? {} : { input });
      assert.deepEqual([r.code, r.stdout, r.stderr], [code, stdout, stderr], args.join(' '));
    }
  });

  test(`${name} exec: a stopped container is refused with its ID; -d returns at once and the command runs`, async () => {
    const r = await cli(name, ['exec', stopped, 'true']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', `Error response from daemon: Container ${stopped} is not running\n`]);
    const mark = `/tmp/done-${name}`;
    const bg = await cli(name, ['exec', '-d', 'box', 'sh', '-c', `sleep 2; touch ${mark}`]);
    assert.deepEqual([bg.code, bg.stdout, bg.stderr], [0, '', '']);
    assert.notEqual((await cli(name, ['exec', 'box', 'test', '-e', mark])).code, 0, 'it did not wait for the command');
    const end = Date.now() + 10_000;
    while ((await cli(name, ['exec', 'box', 'test', '-e', mark])).code !== 0) {
      assert.ok(Date.now() < end, 'the detached command ran');
      await new Promise((res) => setTimeout(res, 100));
    }
  });

  test(`${name} exec: binary output and large input arrive byte for byte`, async () => {
    const sum = await cli(name, ['exec', 'box', 'sh', '-c', 'head -c 3000000 /dev/urandom > /tmp/blob; md5sum < /tmp/blob']);
    const [cmd, ...pre] = CLIS[name]!();
    const out = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(cmd!, [...pre, 'exec', 'box', 'cat', '/tmp/blob'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.on('error', reject);
      child.on('close', () => resolve(Buffer.concat(chunks)));
    });
    assert.equal(out.length, 3_000_000);
    assert.equal(`${createHash('md5').update(out).digest('hex')}  -\n`, sum.stdout);
    const big = 'x'.repeat(300_000) + '\n';
    const wc = await cli(name, ['exec', '-i', 'box', 'wc', '-c'], { input: big });
    assert.equal(wc.stdout.trim(), String(big.length));
  });

  test(`${name} exec: --env-file then -e, as Docker merges them`, async () => {
    const file = join(dir, 'env');
    writeFileSync(file, '\ufeffA=1\n  # a comment\n\nB= two \nHOME\nX\n#y=2\n');
    const r = await cli(name, ['exec', '--env-file', file, '-e', 'A=9', '-e', 'HOME', 'box', 'env'], { env: { ...process.env, HOME: '/h' } });
    assert.deepEqual([r.code, r.stdout.split('\n')], [0, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${box.slice(0, 12)}`, 'A=9', 'B= two ', 'HOME=/h', '']]);
    writeFileSync(file, 'BAD KEY=1\n');
    const bad = await cli(name, ['exec', '--env-file', file, 'box', 'true']);
    assert.deepEqual([bad.code, bad.stderr], [1, `invalid env file (${file}): variable 'BAD KEY' contains whitespaces\n`]);
    const missing = await cli(name, ['exec', '--env-file', join(dir, 'none'), 'box', 'true']);
    assert.deepEqual([missing.code, missing.stderr], [1, `open ${join(dir, 'none')}: no such file or directory\n`]);
  });

  test(`${name} exec -it: a terminal of the user's size, typed commands, the exit code`, async () => {
    const s = ptySession([...CLIS[name]!(), 'exec', '-it', 'box', 'sh'], { rows: 33, cols: 77 });
    await s.waitFor(/# /);
    s.write('tty; stty size; echo typed-$((6*7)); exit 4\r');
    const r = await s.done;
    assert.equal(r.code, 4, r.out);
    assert.match(r.out, /\/dev\/pts\/\d+/);
    assert.match(r.out, /33 77/);
    assert.match(r.out, /typed-42/);
  });

  test(`${name} exec -it: the detach keys leave the command running (the CLI says so and exits 1)`, async () => {
    for (const [flags, keys] of [[[], '\x10\x11'], [['--detach-keys', 'ctrl-x'], '\x18']] as const) {
      const s = ptySession([...CLIS[name]!(), 'exec', '-it', ...flags, 'box', 'sh']);
      await s.waitFor(/# /);
      const before = new Set<string>((await d.api('GET', '/containers/box/json')).json().ExecIDs ?? []);
      s.write(keys);
      const r = await s.done;
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /read escape sequence\r\n$/);
      const ids: string[] = (await d.api('GET', '/containers/box/json')).json().ExecIDs ?? [];
      const still = await Promise.all(ids.filter((id) => before.has(id)).map(async (id) => (await d.api('GET', `/exec/${id}/json`)).json()));
      assert.ok(still.some((e) => e.Running && e.ProcessConfig.entrypoint === 'sh'), `the detached shell still runs: ${JSON.stringify(still)}`);
    }
  });
}
