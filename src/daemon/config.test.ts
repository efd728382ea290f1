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

test('values of the wrong type are errors, not settings (Docker: "json: cannot unmarshal …")', () => {
  const cases: Array<[unknown, string]> = [
    [{ 'log-opts': { 'max-size': 5 } }, '"log-opts": the value of "max-size" must be a string, not a number'],
    [{ 'log-opts': 'max-size=1m' }, '"log-opts" must be an object of strings, not a string'],
    [{ 'log-driver': 5 }, '"log-driver" must be a string, not a number'],
    [{ hosts: 'unix:///x.sock' }, '"hosts" must be a list of strings'],
    [{ debug: 'yes' }, '"debug" must be a boolean, not a string'],
  ];
  for (const [doc, message] of cases) {
    withConfig(doc, (path) => assert.throws(() => parseDaemonArgs(['--config-file', path]),
      (e: unknown) => e instanceof ConfigError && e.message === `unable to configure the Wharf daemon with file ${path}: ${message}`, JSON.stringify(doc)));
  }
  withConfig({ 'log-driver': 'local', 'log-opts': { 'max-size': '1m' }, debug: false }, (path) => {
    const { config } = parseDaemonArgs(['--config-file', path]);
    assert.deepEqual([config.logDriver, config.logOpts, config.logLevel], ['local', { 'max-size': '1m' }, 'info']);
  });
});

test('unknown keys, bad JSON and a missing explicit file are errors', () => {
  withConfig({ 'no-such-key': 1 }, (path) => assert.throws(() => parseDaemonArgs(['--config-file', path]), /don't match any configuration option: no-such-key/));
  withConfig('{bad', (path) => assert.throws(() => parseDaemonArgs(['--config-file', path]), ConfigError));
  assert.throws(() => parseDaemonArgs(['--config-file', '/nonexistent/daemon.json']), ConfigError);
  assert.throws(() => parseDaemonArgs(['--log-level', 'loud']), /unable to parse logging level: loud/);
});

test('daemon.json\'s network keys: bip, fixed-cidr, default-address-pools (a list of {base, size})', () => {
  const pools = [{ base: '10.10.0.0/16', size: 24 }];
  withConfig({ bip: '10.9.0.1/24', 'fixed-cidr': '10.9.0.128/25', 'default-address-pools': pools }, (path) => {
    const { config } = parseDaemonArgs(['--config-file', path]);
    assert.deepEqual([config.bip, config.fixedCidr, config.defaultAddressPools], ['10.9.0.1/24', '10.9.0.128/25', pools]);
  });
  for (const bad of [{ 'default-address-pools': [{ base: 5, size: 24 }] }, { 'default-address-pools': { base: '10.0.0.0/8' } }, { bip: 5 }]) {
    withConfig(bad, (path) => assert.throws(() => parseDaemonArgs(['--config-file', path]), ConfigError, JSON.stringify(bad)));
  }
});

test('registry settings: insecure registries, mirrors and transfer concurrency, as flags or daemon.json keys', () => {
  const { config } = parseDaemonArgs(['--insecure-registry', 'reg:5000', '--insecure-registry', '10.0.0.0/8', '--registry-mirror', 'http://127.0.0.1:5555', '--max-concurrent-downloads', '6']);
  assert.deepEqual([config.insecureRegistries, config.registryMirrors, config.maxConcurrentDownloads, config.maxConcurrentUploads],
    [['reg:5000', '10.0.0.0/8'], ['http://127.0.0.1:5555'], 6, undefined]);
  withConfig({ 'insecure-registries': ['r:1'], 'registry-mirrors': ['https://m'], 'max-concurrent-uploads': 2 }, (path) => {
    const c = parseDaemonArgs(['--config-file', path]).config;
    assert.deepEqual([c.insecureRegistries, c.registryMirrors, c.maxConcurrentUploads], [['r:1'], ['https://m'], 2]);
  });
  assert.throws(() => parseDaemonArgs(['--max-concurrent-downloads', '0']), { message: 'invalid argument "0" for "--max-concurrent-downloads" flag: must be a positive integer' });
  withConfig({ 'max-concurrent-downloads': 'many' }, (path) => {
    assert.throws(() => parseDaemonArgs(['--config-file', path]), /"max-concurrent-downloads" must be a positive whole number/);
  });
});
