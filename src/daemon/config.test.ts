import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDaemonArgs, ConfigError } from './config.js';

function withConfig(doc: unknown, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-config-'));
  try {
    const path = join(dir, 'daemon.json');
    writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
    fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('flags set data-root, exec-root, hosts and log level', () => {
  const { config } = parseDaemonArgs(['--data-root', '/d', '--exec-root', '/e', '-H', 'unix:///a.sock', '-H', 'unix:///b.sock', '-D']);
  assert.deepEqual([config.dataRoot, config.execRoot, config.hosts, config.logLevel], ['/d', '/e', ['unix:///a.sock', 'unix:///b.sock'], 'debug']);
});

test('daemon.json gives the same settings under Docker\'s key names', () => {
  withConfig({ 'data-root': '/x', hosts: ['unix:///x.sock'], 'log-level': 'warn' }, (path) => {
    const { config } = parseDaemonArgs(['--config-file', path]);
    assert.deepEqual([config.dataRoot, config.hosts, config.logLevel], ['/x', ['unix:///x.sock'], 'warn']);
  });
});

test('a setting given as a flag and in the file is an error, as in Docker', () => {
  withConfig({ 'data-root': '/x' }, (path) => {
    assert.throws(() => parseDaemonArgs(['--config-file', path, '--data-root', '/y']),
      (e: unknown) => e instanceof ConfigError && e.message === 'the following directives are specified both as a flag and in the configuration file: data-root');
  });
});

test('unknown keys, bad JSON and a missing explicit file are errors', () => {
  withConfig({ 'no-such-key': 1 }, (path) => assert.throws(() => parseDaemonArgs(['--config-file', path]), /don't match any configuration option: no-such-key/));
  withConfig('{bad', (path) => assert.throws(() => parseDaemonArgs(['--config-file', path]), ConfigError));
  assert.throws(() => parseDaemonArgs(['--config-file', '/nonexistent/daemon.json']), ConfigError);
  assert.throws(() => parseDaemonArgs(['--log-level', 'loud']), /unable to parse logging level: loud/);
});
