/**
 * v1 → v2 config conversion against Docker 20.10's answers: the fixtures of legacy-fixture.ts were
 * loaded into the reference Docker (`docker load -i`), and the configs below are the bytes its
 * `docker save` wrote for them (their sha256 is the image ID `docker images` showed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Digest, type Digest } from '../oci/digest.js';
import { parseV1Json, historyFromV1, makeConfigFromV1, versionLessThan, V1JsonError } from './v1-config.js';
import type { GoStruct } from './go-struct.js';
import { chainLayers, fallbackLayer, jsonBytes, type V1LayerSpec } from './legacy-fixture.js';

/** Docker's image IDs for the chain (base, env, top) and the fallback image. */
const DOCKER_IDS = {
  base: 'sha256:07e72f1defa21b612f556011346f83d5925b2d5eeff86cda4758d2891d5dbd69',
  env: 'sha256:612829e5684a55c3ff2dbd6e9ab9adb722635195df50c2e6f48a376f0757a294',
  top: 'sha256:abad590370b845b651b668df5c49af8f7a3935cdf9893abbd68e17ccd74f3837',
  old: 'sha256:776f9f5eb85671d269fd763d04f1095343de77510e488db0b7a1fb208083090b',
};
/** The config Docker saved for the top of the chain. */
const DOCKER_TOP_CONFIG = '{"architecture":"amd64","config":{"Cmd":["/app/run.sh"],"Env":["PATH=/usr/bin:/bin","FOO=bar"],"WorkingDir":"/app"},"container_config":{"Cmd":"/bin/sh -c chmod +x /app/run.sh"},"created":"2016-01-04T00:00:00Z","docker_version":"1.9.1","extra_field":[1,2.50,{"k":"\\u00e9"}],"history":[{"created":"2016-01-02T03:04:05.123456789Z","author":"Ann \\u003cann@example.com\\u003e","created_by":"/bin/sh -c #(nop) ADD file:0123 in /","comment":"base \\u0026 co"},{"created":"2016-01-03T05:00:00.5+02:00","created_by":"/bin/sh -c #(nop) ENV FOO=bar"},{"created":"2016-01-04T00:00:00Z","created_by":"/bin/sh -c chmod +x /app/run.sh"}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:ed75c77ecf5c0ab6ecb74bf6076824dbde73e2fb73091c630cec16351031bafe","sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef","sha256:d743733905f7680ccffc65ec0a1dcfe7c5e06b1777538a4e0c6e7204a826190b"]}}';
/** The config Docker saved for the 1.6.2 (fallback) layer. */
const DOCKER_OLD_CONFIG = '{"architecture":"amd64","author":"case folded","config":{"Hostname":"","Domainname":"","User":"nobody","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["run"],"Healthcheck":{"Test":["CMD","true"],"Interval":30000000000},"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"a":"2","z":"1"},"StopTimeout":0},"container_config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":true,"OpenStdin":false,"StdinOnce":false,"Env":[],"Cmd":null,"Image":"","Volumes":{"/data":{}},"WorkingDir":"","Entrypoint":["sh"],"OnBuild":null,"Labels":{}},"created":"2015-06-01T10:00:00.000000001-07:30","docker_version":"1.6.2","history":[{"created":"2015-06-01T10:00:00.000000001-07:30","author":"case folded"}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:d743733905f7680ccffc65ec0a1dcfe7c5e06b1777538a4e0c6e7204a826190b"]}}';

/** Converts a chain of layers, base first, as legacyLoadImage does; returns each config. */
function convertChain(layers: V1LayerSpec[]): Buffer[] {
  const diffIds: Digest[] = [];
  const history: GoStruct[] = [];
  return layers.map((l) => {
    const v = parseV1Json(jsonBytes(l));
    diffIds.push(sha256Digest(l.tar!));
    history.push(historyFromV1(v));
    return makeConfigFromV1(v, diffIds, history);
  });
}

test('a 1.9.1 chain converts to the configs Docker made: raw values kept, sorted keys, HTML escapes, history', () => {
  const configs = convertChain(chainLayers());
  assert.deepEqual(configs.map((c) => sha256Digest(c)), [DOCKER_IDS.base, DOCKER_IDS.env, DOCKER_IDS.top]);
  assert.equal(configs[2]!.toString(), DOCKER_TOP_CONFIG);
});

test('below docker_version 1.8.3 the JSON is re-encoded through V1Image first (the fallback)', () => {
  const [config] = convertChain([fallbackLayer()]);
  assert.equal(config!.toString(), DOCKER_OLD_CONFIG);
  assert.equal(sha256Digest(config!), DOCKER_IDS.old);
});

test('history: Cmd joined by spaces, zero time when created is missing, never empty_layer', () => {
  const v = parseV1Json(Buffer.from('{"container_config":{"Cmd":["/bin/sh","-c","echo hi"]},"docker_version":"1.9.1"}'));
  const config = JSON.parse(makeConfigFromV1(v, [sha256Digest('')], [historyFromV1(v)]).toString());
  assert.deepEqual(config.history, [{ created: '0001-01-01T00:00:00Z', created_by: '/bin/sh -c echo hi' }]);
  assert.equal('created' in config, false, 'the config keeps only what the v1 JSON had');
});

test('Docker\'s version comparison: missing or odd parts count as 0', () => {
  for (const [v, less] of [['', true], ['1.8.2', true], ['1.8.3', false], ['1.9.1-rc1', false], ['1.10', false], ['1.8', true], ['x.y', true]] as const) {
    assert.equal(versionLessThan(v, '1.8.3'), less, v);
  }
});

test('v1 JSON that Docker refuses is refused with a typed error', () => {
  const bad = ['[1]', '{"created":"2016-01-01 00:00:00"}', '{"container_config":{"Cmd":5}}', '{"Size":1.5}', '{"config":{"Labels":{"a":1}}}', '{"a":1', '\ufeff{}'];
  for (const text of bad) assert.throws(() => parseV1Json(Buffer.from(text)), V1JsonError, text);
  assert.throws(() => parseV1Json(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), V1JsonError, 'invalid UTF-8');
});
