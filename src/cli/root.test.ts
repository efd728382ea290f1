import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsesSize } from './format/ps-format.js';
import { DEFAULT_HOST, resolveHost } from './root.js';
import { rootHelp } from './root-help.js';

test('host: -H, then WHARF_HOST, then DOCKER_HOST, then the default (no autostart unless default)', () => {
  const env = { WHARF_HOST: 'unix:///w.sock', DOCKER_HOST: 'unix:///d.sock' };
  assert.deepEqual(resolveHost(['unix:///h.sock'], env), { host: 'unix:///h.sock', explicit: true });
  assert.deepEqual(resolveHost([], env), { host: 'unix:///w.sock', explicit: true });
  assert.deepEqual(resolveHost([], { DOCKER_HOST: 'unix:///d.sock' }), { host: 'unix:///d.sock', explicit: true });
  assert.deepEqual(resolveHost([], {}), { host: DEFAULT_HOST, explicit: false });
  assert.throws(() => resolveHost(['unix:///a', 'unix:///b'], {}), /Specify only one -H/);
});

test('root help lists the commands and global options', () => {
  const h = rootHelp(80);
  assert.match(h, /^Usage: {2}wharf \[OPTIONS\] COMMAND\n/);
  assert.match(h, /\n {2}run {9}Create and run a new container from an image\n/);
  assert.match(h, /\n {2}-H, --host list {10}Daemon socket to connect to/);
});

test('ps asks for sizes when the template reads .Size or marshals the row', () => {
  assert.equal(formatUsesSize('table {{.ID}}\t{{.Size}}'), true);
  assert.equal(formatUsesSize('{{json .}}'), true);
  assert.equal(formatUsesSize('{{.Names}}'), false);
});
