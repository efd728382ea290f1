import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyYaml, ConfigError, defaultConfig, parseDuration, splitAddr } from './config.js';

describe('registry config', () => {
  it('parses durations in distribution\'s forms', () => {
    assert.equal(parseDuration('90s', 'x'), 90_000);
    assert.equal(parseDuration('1h30m', 'x'), 5_400_000);
    assert.equal(parseDuration('250ms', 'x'), 250);
    assert.equal(parseDuration(5, 'x'), 5000);
    assert.equal(parseDuration('168h', 'x'), 168 * 3600_000);
    for (const bad of ['', 'soon', '5d', '1h x']) assert.throws(() => parseDuration(bad, 'x'), ConfigError, bad);
  });

  it('maps distribution-style YAML keys onto the config', () => {
    const c = applyYaml(defaultConfig(), {
      log: { level: 'debug' },
      storage: { filesystem: { rootdirectory: '/srv/reg' }, delete: { enabled: true }, maintenance: { readonly: { enabled: true }, uploadpurging: { age: '1h', interval: '10m' } } },
      http: { addr: ':5001', tls: { certificate: '/c.pem', key: '/k.pem' }, timeouts: { idle: '30s' } },
      catalog: { maxentries: 50 },
      limits: { manifestsize: 1024, uploadsessions: 3 },
      proxy: { remoteurl: 'https://up.example/', username: 'u', password: 'p' },
      gc: { grace: '1m' },
    });
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.root, '/srv/reg');
    assert.equal(c.deleteEnabled, true);
    assert.equal(c.readOnly, true);
    assert.deepEqual(c.uploadPurge, { enabled: true, ageMs: 3600_000, intervalMs: 600_000 });
    assert.equal(c.addr, '0.0.0.0:5001');
    assert.deepEqual(c.tls, { cert: '/c.pem', key: '/k.pem' });
    assert.equal(c.timeouts.idleMs, 30_000);
    assert.equal(c.catalogMaxEntries, 50);
    assert.equal(c.maxManifestBytes, 1024);
    assert.equal(c.maxUploadSessions, 3);
    assert.equal(c.proxy?.remoteUrl, 'https://up.example');
    assert.equal(c.gcGraceMs, 60_000);
  });

  it('turns token auth on with the htpasswd file for its issuer, replacing Basic', () => {
    const c = applyYaml(defaultConfig(), { auth: { htpasswd: { path: '/h' }, token: { service: 's', expiration: '2m' } } });
    assert.equal(c.htpasswd, undefined);
    assert.equal(c.token?.htpasswd, '/h');
    assert.equal(c.token?.expirationMs, 120_000);
    assert.throws(() => applyYaml(defaultConfig(), { auth: { token: {} } }), ConfigError);
  });

  it('refuses invalid values', () => {
    assert.throws(() => applyYaml(defaultConfig(), { log: { level: 'loud' } }), ConfigError);
    assert.throws(() => applyYaml(defaultConfig(), { catalog: { maxentries: -1 } }), ConfigError);
    assert.throws(() => applyYaml(defaultConfig(), { http: { tls: { certificate: '/c' } } }), ConfigError);
  });

  it('splits addresses', () => {
    assert.deepEqual(splitAddr('127.0.0.1:5000'), { host: '127.0.0.1', port: 5000 });
    assert.deepEqual(splitAddr('[::1]:0'), { host: '::1', port: 0 });
    assert.deepEqual(splitAddr(':80'), { host: '0.0.0.0', port: 80 });
    assert.throws(() => splitAddr('localhost'), ConfigError);
    assert.throws(() => splitAddr('h:70000'), ConfigError);
  });
});
