import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../flags/parser.js';
import { buildCreateBody, parseRestart } from './config.js';
import { RUN_FLAGS } from './flags.js';
import { addPublish, type PortSpecs } from './ports.js';

function body(argv: string[], env: NodeJS.ProcessEnv = {}): Record<string, any> {
  return buildCreateBody(parseFlags(argv, RUN_FLAGS, { interspersed: false }), env);
}

test('run flags map to the create body as docker CLI 28 sends them', () => {
  const b = body(['--rm', '-e', 'A=1', '-e', 'HOME', '-w', '/tmp', '-u', '0', '-l', 'x=y', '-h', 'hh', '-p', '127.0.0.1:8080:80',
    '-p', '5000', '-v', '/tmp:/data:ro', '-v', '/anon', '--entrypoint', 'sh', 'busybox', '-c', 'true'], { HOME: '/root' });
  assert.equal(b['Image'], 'busybox');
  assert.deepEqual(b['Cmd'], ['-c', 'true']);
  assert.deepEqual(b['Entrypoint'], ['sh']);
  assert.deepEqual(b['Env'], ['A=1', 'HOME=/root']);
  assert.equal(b['Hostname'], 'hh');
  assert.deepEqual(b['Labels'], { x: 'y' });
  assert.deepEqual(b['ExposedPorts'], { '80/tcp': {}, '5000/tcp': {} });
  assert.deepEqual(b['Volumes'], { '/anon': {} });
  assert.deepEqual([b['AttachStdin'], b['AttachStdout'], b['AttachStderr'], b['OpenStdin'], b['StdinOnce']], [false, true, true, false, false]);
  const h = b['HostConfig'];
  assert.equal(h.AutoRemove, true);
  assert.deepEqual(h.Binds, ['/tmp:/data:ro']);
  assert.deepEqual(h.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '5000/tcp': [{ HostIp: '', HostPort: '' }] });
  assert.deepEqual(h.RestartPolicy, { Name: 'no', MaximumRetryCount: 0 });
  assert.equal(h.NetworkMode, 'default');
  assert.ok('default' in b['NetworkingConfig'].EndpointsConfig);
});

test('-d detaches every stream; -i attaches stdin once', () => {
  const d = body(['-d', '-i', 'img']);
  assert.deepEqual([d['AttachStdin'], d['AttachStdout'], d['AttachStderr'], d['StdinOnce'], d['OpenStdin']], [false, false, false, false, true]);
  const i = body(['-it', 'img']);
  assert.deepEqual([i['AttachStdin'], i['StdinOnce'], i['Tty']], [true, true, true]);
});

test('entrypoint: unset → null, empty → [""]; no command → null', () => {
  assert.equal(body(['img'])['Entrypoint'], null);
  assert.deepEqual(body(['--entrypoint', '', 'img'])['Entrypoint'], ['']);
  assert.equal(body(['img'])['Cmd'], null);
});

test('conflicting options are refused with docker wording', () => {
  assert.throws(() => body(['--rm', '--restart', 'always', 'img']), /conflicting options: cannot specify both --restart and --rm/);
  assert.throws(() => body(['-p', 'abc', 'img']), /invalid containerPort: abc/);
});

test('restart policies', () => {
  assert.deepEqual(parseRestart('on-failure:3'), { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.deepEqual(parseRestart('always'), { Name: 'always', MaximumRetryCount: 0 });
  // As the docker CLI: the daemon judges names and counts; only the form is refused here.
  assert.deepEqual(parseRestart('always:2'), { Name: 'always', MaximumRetryCount: 2 });
  assert.deepEqual(parseRestart('on-failure:-1'), { Name: 'on-failure', MaximumRetryCount: -1 });
  assert.deepEqual(parseRestart('always:'), { Name: 'always', MaximumRetryCount: 0 });
  assert.throws(() => parseRestart('on-failure:x'), /^Error: invalid restart policy format: maximum retry count must be an integer$/);
  assert.throws(() => parseRestart(':3'), /^Error: invalid restart policy format: no policy provided before colon$/);
});

test('port ranges and IPv6 host addresses', () => {
  const s: PortSpecs = { exposed: {}, bindings: {} };
  addPublish(s, '8000-8001:9000-9001/udp');
  addPublish(s, '[::1]:8080:80');
  assert.deepEqual(s.bindings['9001/udp'], [{ HostIp: '', HostPort: '8001' }]);
  assert.deepEqual(s.bindings['80/tcp'], [{ HostIp: '::1', HostPort: '8080' }]);
});

