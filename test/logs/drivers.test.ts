/**
 * Log drivers and their options against a real wharfd, with the reference Docker's answers
 * (oracle section 10) as the expectations: what inspect shows, what `logs` does per driver, what is
 * refused at create (nothing is left behind) and what at start (the container stays `created`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { allContainers, createWithLog, inspect, runError } from './helpers.js';

let d: TestDaemon;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
});
after(async () => {
  await d.cleanup();
  assert.equal(existsSync(d.root), false, 'the daemon tree is removed');
});

const logConfig = async (name: string) => (await d.docker(['inspect', '-f', '{{json .HostConfig.LogConfig}}|{{.LogPath}}', name])).stdout.trim().split('|');

test('by default LogConfig is json-file with Wharf\'s cap merged in as Docker merges daemon log-opts', async () => {
  assert.equal((await d.docker(['run', '--name', 'ld-default', 'busybox', 'true'])).code, 0);
  const [cfg, path] = await logConfig('ld-default');
  assert.equal(cfg, '{"Type":"json-file","Config":{"max-file":"3","max-size":"10m"}}');
  const id = (await inspect(d, 'ld-default')).Id as string;
  assert.equal(path, `${d.dataRoot}/containers/${id}/${id}-json.log`);
  // The API's empty type means the daemon's driver (Docker: {"Type":""} → json-file).
  const r = await createWithLog(d, ['true'], { Type: '' });
  assert.equal(r.status, 201, r.body);
  assert.deepEqual((await inspect(d, r.json().Id)).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-file': '3', 'max-size': '10m' } });
});

test('the user\'s log opts win over the daemon\'s, the others fill in', async () => {
  assert.equal((await d.docker(['create', '--name', 'ld-both', '--log-opt', 'max-size=1m', '--log-opt', 'max-file=2', 'busybox', 'true'])).code, 0);
  assert.equal((await logConfig('ld-both'))[0], '{"Type":"json-file","Config":{"max-file":"2","max-size":"1m"}}'); // Docker's answer verbatim
  assert.equal((await d.docker(['create', '--name', 'ld-size', '--log-opt', 'max-size=1m', 'busybox', 'true'])).code, 0);
  assert.equal((await logConfig('ld-size'))[0], '{"Type":"json-file","Config":{"max-file":"3","max-size":"1m"}}');
  const api = await createWithLog(d, ['true'], { Type: '', Config: { 'max-size': '1m' } });
  assert.deepEqual((await inspect(d, api.json().Id)).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-file': '3', 'max-size': '1m' } });
});

test('--log-driver local: LogConfig {"Type":"local","Config":{}}, LogPath "", and logs reads it', async () => {
  const run = await d.docker(['run', '--name', 'ld-local', '--log-driver', 'local', 'busybox', 'echo', 'hi']);
  assert.deepEqual([run.code, run.stdout], [0, 'hi\n'], run.stderr);
  assert.deepEqual(await logConfig('ld-local'), ['{"Type":"local","Config":{}}', '']); // the daemon's json-file opts are not merged into another driver
  assert.deepEqual(await d.docker(['logs', 'ld-local']), { code: 0, stdout: 'hi\n', stderr: '' });
  assert.equal((await d.docker(['run', '--rm', '--log-driver', 'local', '--log-opt', 'max-size=0', 'busybox', 'echo', 'x'])).stdout, 'x\n'); // Docker: OK
  // Docker takes max-file 0 and 1 for local only with compress=false ("compression cannot be enabled when max file
  // count is 1" otherwise); Wharf never compresses, so it takes them as Docker does uncompressed.
  for (const n of ['0', '1']) {
    assert.equal((await d.docker(['run', '--rm', '--log-driver', 'local', '--log-opt', `max-file=${n}`, 'busybox', 'echo', 'x'])).stdout, 'x\n', `max-file=${n}`);
  }
});

test('--log-driver none: run still prints hi, logs is 501 with Docker\'s message and the CLI exits 1', async () => {
  const run = await d.docker(['run', '--name', 'ld-none', '--log-driver', 'none', 'busybox', 'echo', 'hi']);
  assert.deepEqual(run, { code: 0, stdout: 'hi\n', stderr: '' });
  assert.deepEqual(await logConfig('ld-none'), ['{"Type":"none","Config":{}}', '']);
  assert.deepEqual(await d.docker(['logs', 'ld-none']), { code: 1, stdout: '', stderr: 'Error response from daemon: configured logging driver does not support reading\n' });
  const api = await d.api('GET', '/v1.41/containers/ld-none/logs?stdout=1');
  assert.deepEqual([api.status, api.body], [501, '{"message":"configured logging driver does not support reading"}\n']);
});

test('none takes any option over the API and stores it as given (Docker does not validate none\'s options)', async () => {
  const r = await createWithLog(d, ['echo', 'x'], { Type: 'none', Config: { 'max-size': '1m', foo: 'bar' } });
  assert.equal(r.status, 201, r.body);
  const { Id } = r.json();
  assert.deepEqual((await inspect(d, Id)).HostConfig.LogConfig, { Type: 'none', Config: { 'max-size': '1m', foo: 'bar' } });
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/start`)).status, 204);
});

test('an unknown driver is refused at create with 400 at once (Docker takes 15 s) and leaves no container', async () => {
  const started = Date.now();
  const r = await createWithLog(d, ['true'], { Type: 'foo', Config: {} }, 'ld-foo');
  assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
  assert.deepEqual([r.status, r.json().message], [400, 'error looking up logging plugin foo: plugin "foo" not found']);
  const cli = await d.docker(['run', '--rm', '--name', 'ld-foo', '--log-driver', 'foo', 'busybox', 'true']);
  assert.deepEqual([cli.code, cli.stderr], [125, runError('error looking up logging plugin foo: plugin "foo" not found')]);
  assert.equal((await allContainers(d)).some((c) => c.Names.includes('/ld-foo')), false);
  assert.equal((await d.docker(['create', '--name', 'ld-foo', 'busybox', 'true'])).code, 0, 'the name was released');
});

test('an unknown option is refused at create with Docker\'s 400 for json-file and for local', async () => {
  const before = (await allContainers(d)).length;
  const json = await createWithLog(d, ['true'], { Type: 'json-file', Config: { foo: 'bar' } });
  assert.deepEqual([json.status, json.json().message], [400, 'unknown log opt \'foo\' for json-file log driver']);
  const local = await createWithLog(d, ['true'], { Type: 'local', Config: { foo: 'bar' } });
  assert.deepEqual([local.status, local.json().message], [400, 'unknown log opt \'foo\' for log driver local']);
  const mode = await createWithLog(d, ['true'], { Type: 'json-file', Config: { mode: 'foo' } });
  assert.deepEqual([mode.status, mode.json().message], [400, 'logger: logging mode not supported: foo']);
  const cli = await d.docker(['run', '--rm', '--log-opt', 'foo=bar', 'busybox', 'true']);
  assert.deepEqual([cli.code, cli.stderr], [125, runError('unknown log opt \'foo\' for json-file log driver')]);
  assert.equal((await allContainers(d)).length, before, 'no container is left');
});

test('options Wharf does not apply are refused at create with 501 and a clear message, not ignored', async () => {
  const before = (await allContainers(d)).length;
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ labels: 'a' }, /^log opt 'labels' is not supported by Wharf yet/],
    [{ env: 'A' }, /^log opt 'env' is not supported by Wharf yet/],
    [{ tag: '{{.Name}}' }, /^log opt 'tag' is not supported by Wharf yet/],
    [{ compress: 'true', 'max-size': '1m', 'max-file': '2' }, /^log opt 'compress=true' is not supported by Wharf yet: rotated logs are kept uncompressed/],
    [{ mode: 'non-blocking' }, /^log opt 'mode=non-blocking' is not supported by Wharf yet/],
  ];
  for (const [config, message] of cases) {
    const r = await createWithLog(d, ['true'], { Type: 'json-file', Config: config });
    assert.equal(r.status, 501, JSON.stringify(config));
    assert.match(r.json().message, message);
  }
  const local = await createWithLog(d, ['true'], { Type: 'local', Config: { compress: 'true' } });
  assert.equal(local.status, 501);
  assert.equal((await allContainers(d)).length, before, 'no container is left');
  for (const ok of [{ compress: 'false' }, { mode: 'blocking' }, { 'max-file': '3' }]) {
    assert.equal((await createWithLog(d, ['true'], { Type: 'json-file', Config: ok })).status, 201, JSON.stringify(ok));
  }
});

test('bad values are refused at start: 500, the container stays created with ExitCode 128 and State.Error', async () => {
  const cases: Array<[Record<string, string>, string, string]> = [
    [{ 'max-size': 'abc' }, 'json-file', 'failed to initialize logging driver: invalid size: \'abc\''],
    [{ 'max-size': '0' }, 'json-file', 'failed to initialize logging driver: max-size must be a positive number'],
    [{ 'max-size': '-1' }, 'json-file', 'failed to initialize logging driver: invalid size: \'-1\''],
    [{ 'max-file': '0' }, 'json-file', 'failed to initialize logging driver: max-file cannot be less than 1'],
    [{ 'max-size': '1m', 'max-file': '-1' }, 'json-file', 'failed to initialize logging driver: max-file cannot be less than 1'],
    [{ 'max-file': 'abc' }, 'json-file', 'failed to initialize logging driver: strconv.Atoi: parsing "abc": invalid syntax'],
    [{ 'max-size': 'abc' }, 'local', 'failed to initialize logging driver: invalid value for max-size: abc: invalid size: \'abc\''],
    [{ 'max-size': '-1' }, 'local', 'failed to initialize logging driver: invalid value for max-size: -1: invalid size: \'-1\''],
    [{ 'max-file': '-1' }, 'local', 'failed to initialize logging driver: max file count cannot be less than 0'],
  ];
  for (const [config, type, message] of cases) {
    const c = await createWithLog(d, ['echo', 'never'], { Type: type, Config: config });
    assert.equal(c.status, 201, `${type} ${JSON.stringify(config)}: ${c.body}`);
    const { Id } = c.json();
    const s = await d.api('POST', `/v1.50/containers/${Id}/start`);
    assert.deepEqual([s.status, s.json().message], [500, message], `${type} ${JSON.stringify(config)}`);
    const { State } = await inspect(d, Id);
    assert.deepEqual([State.Status, State.ExitCode, State.Error, State.Pid], ['created', 128, message, 0]);
  }
});

test('docker run with a bad value prints Docker\'s error (exit 125) and --rm leaves nothing', async () => {
  const before = (await allContainers(d)).length;
  const bad = await d.docker(['run', '--rm', '--log-opt', 'max-size=abc', 'busybox', 'true']);
  assert.deepEqual([bad.code, bad.stdout, bad.stderr], [125, '', runError('failed to initialize logging driver: invalid size: \'abc\'')]);
  const local = await d.docker(['run', '--rm', '--log-driver', 'local', '--log-opt', 'max-file=abc', 'busybox', 'true']);
  assert.deepEqual([local.code, local.stderr], [125, runError('failed to initialize logging driver: invalid value for max-file: abc: strconv.Atoi: parsing "abc": invalid syntax')]);
  assert.equal((await allContainers(d)).length, before);
});
