/**
 * The daemon's log defaults (flags `--log-driver`/`--log-opt`, daemon.json `log-driver`/`log-opts`):
 * they replace Wharf's 10m × 3 cap, fill in each new container's options as Docker merges them
 * (only for containers of the daemon's driver), and rotate for real. A bad value stops wharfd
 * before it serves anything, with a message and exit status 1, not a stack trace.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_JS, runCommand, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { consecutiveEndingAt, inspect, lines, logFiles } from './helpers.js';

const daemons: TestDaemon[] = [];
const scratch: string[] = [];
after(async () => {
  for (const d of daemons) await d.cleanup();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  for (const p of [...daemons.map((d) => d.root), ...scratch]) assert.equal(existsSync(p), false, p);
});

async function daemon(args: string[]): Promise<TestDaemon> {
  const d = await startDaemon(args);
  daemons.push(d);
  await d.importBusybox();
  return d;
}

test('--log-opt max-size=2k --log-opt max-file=2 replaces Wharf\'s cap in inspect and in the rotation', async () => {
  const d = await daemon(['--log-opt', 'max-size=2k', '--log-opt', 'max-file=2']);
  const script = 'i=1; while [ $i -le 2000 ]; do seq $i $((i+39)); i=$((i+40)); sleep 0.02; done; seq 2001 2040'; // batches of ~2 KB of records
  const run = await d.docker(['run', '--name', 'dd-opts', 'busybox', 'sh', '-c', script], { timeout: 30_000 });
  assert.equal(run.code, 0, run.stderr);
  const c = await inspect(d, 'dd-opts');
  assert.deepEqual(c.HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '2k' } });
  const files = logFiles(d, c.Id);
  assert.ok([...files.keys()].every((f) => f === '-json.log' || f === '-json.log.1'), [...files.keys()].join(' '));
  assert.ok([...files.values()].every((n) => n < 16 * 1024), [...files.values()].join(' '));
  const kept = lines((await d.docker(['logs', 'dd-opts'])).stdout);
  assert.ok(consecutiveEndingAt(kept, 2040) > 1500, `kept ${kept.length} lines: the older ones were rotated out`);
  // The user's options still win, and the daemon's fill in the others.
  assert.equal((await d.docker(['create', '--name', 'dd-own', '--log-opt', 'max-size=1m', 'busybox', 'true'])).code, 0);
  assert.deepEqual((await inspect(d, 'dd-own')).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '1m' } });
});

test('--log-driver local makes new containers local; a json-file container there gets no daemon options (Docker\'s merge)', async () => {
  const d = await daemon(['--log-driver', 'local']);
  assert.equal((await d.api('GET', '/v1.50/info')).json().LoggingDriver, 'local');
  const run = await d.docker(['run', '--name', 'dd-local', 'busybox', 'echo', 'hi']);
  assert.deepEqual([run.code, run.stdout], [0, 'hi\n'], run.stderr);
  const c = await inspect(d, 'dd-local');
  assert.deepEqual([c.HostConfig.LogConfig, c.LogPath], [{ Type: 'local', Config: {} }, '']);
  assert.equal((await d.docker(['logs', 'dd-local'])).stdout, 'hi\n');
  assert.equal((await d.docker(['create', '--name', 'dd-json', '--log-driver', 'json-file', 'busybox', 'true'])).code, 0);
  assert.deepEqual((await inspect(d, 'dd-json')).HostConfig.LogConfig, { Type: 'json-file', Config: {} });
});

test('daemon.json log-driver and log-opts are the same defaults as the flags', async () => {
  const dir = mkdtempSync('/tmp/wh-cfg-');
  scratch.push(dir);
  writeFileSync(join(dir, 'daemon.json'), JSON.stringify({ 'log-driver': 'json-file', 'log-opts': { 'max-size': '5m' } }));
  const d = await daemon(['--config-file', join(dir, 'daemon.json')]);
  assert.equal((await d.docker(['create', '--name', 'dd-file', 'busybox', 'true'])).code, 0);
  assert.deepEqual((await inspect(d, 'dd-file')).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-size': '5m' } }, 'the file\'s options replace Wharf\'s cap, max-file included');
});

/** Runs wharfd on fresh temp paths with `args`; it must refuse to start. */
async function refusedStart(args: string[]): Promise<{ code: number; stderr: string; root: string }> {
  const root = mkdtempSync('/tmp/wh-');
  scratch.push(root);
  const r = await runCommand(process.execPath, [DAEMON_JS, '--data-root', join(root, 'data'), '--exec-root', join(root, 'run'), '-H', `unix://${root}/s.sock`, ...args], { timeout: 15_000 });
  return { code: r.code, stderr: r.stderr, root };
}

test('a bad log flag or daemon.json value makes wharfd refuse to start with a clear message, exit 1, no socket', async () => {
  const dir = mkdtempSync('/tmp/wh-cfg-');
  scratch.push(dir);
  const file = (name: string, doc: unknown) => { writeFileSync(join(dir, name), JSON.stringify(doc)); return ['--config-file', join(dir, name)]; };
  const cases: Array<[string[], string]> = [
    [['--log-opt', 'max-size=abc'], 'failed to initialize logging driver: invalid size: \'abc\''],
    [['--log-opt', 'max-file=0'], 'failed to initialize logging driver: max-file cannot be less than 1'],
    [['--log-driver', 'foo'], 'error looking up logging plugin foo: plugin \\"foo\\" not found'],
    [['--log-opt', 'foo=bar'], 'unknown log opt \'foo\' for json-file log driver'],
    [['--log-opt', 'compress=true'], 'log opt \'compress=true\' is not supported by Wharf yet'],
    [['--log-opt', 'novalue'], 'invalid value "novalue" for flag --log-opt: expected key=value'],
    [file('bad-size.json', { 'log-driver': 'local', 'log-opts': { 'max-size': 'abc' } }), 'failed to initialize logging driver: invalid value for max-size: abc: invalid size: \'abc\''],
    [file('number.json', { 'log-opts': { 'max-size': 5 } }), `with file ${join(dir, 'number.json')}: "log-opts": the value of "max-size" must be a string, not a number`],
    [[...file('both.json', { 'log-driver': 'local' }), '--log-driver', 'local'], 'the following directives are specified both as a flag and in the configuration file: log-driver'],
  ];
  for (const [args, message] of cases) {
    const r = await refusedStart(args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.includes(message), `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(r.stderr.trim().split('\n').length <= 2, `a message, not a dump: ${r.stderr}`);
    assert.equal(existsSync(`${r.root}/s.sock`), false);
  }
});
