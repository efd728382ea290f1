/**
 * Test fixtures: legacy (pre-1.10) `docker save` archives, built byte for byte the same on every
 * run so that the image IDs Docker 20.10 computed for them can be test expectations. Used by the
 * legacy load tests only. Run as a script to write the fixtures for asking Docker again:
 *   node dist/src/image/legacy-fixture.js <dir>    (then `docker load -i <dir>/<name>.tar`)
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarOf, type FixtureEntry } from '../archive/fixture-tar.js';

/** One v1 layer directory: `<id>/json` (an object, or raw text) and `<id>/layer.tar` (none: left out). */
export interface V1LayerSpec { id: string; json: Record<string, unknown> | string; tar?: Buffer }

/** A made-up but well-formed v1 ID (64 hex), stable for a name. */
export function v1Id(name: string): string {
  return createHash('sha256').update(`v1:${name}`).digest('hex');
}

/** The bytes of a layer's `json` file. */
export function jsonBytes(l: V1LayerSpec): Buffer {
  return Buffer.from(typeof l.json === 'string' ? l.json : JSON.stringify(l.json));
}

/** A legacy archive of `layers` and a `repositories` file (object, raw text, or none). */
export function legacyArchive(layers: V1LayerSpec[], repositories?: Record<string, Record<string, string>> | string): Buffer {
  const entries: FixtureEntry[] = [];
  for (const l of layers) {
    entries.push({ name: `${l.id}/`, type: 'directory', mode: 0o755 });
    entries.push({ name: `${l.id}/VERSION`, data: '1.0', mode: 0o644 });
    entries.push({ name: `${l.id}/json`, data: jsonBytes(l), mode: 0o644 });
    if (l.tar) entries.push({ name: `${l.id}/layer.tar`, data: l.tar, mode: 0o644 });
  }
  if (repositories !== undefined) {
    entries.push({ name: 'repositories', data: typeof repositories === 'string' ? repositories : JSON.stringify(repositories), mode: 0o644 });
  }
  return tarOf(entries);
}

/** An empty layer as Docker 1.x saved it: a tar with only the end-of-archive blocks. */
export const EMPTY_LAYER = tarOf([]);

const BASE_TAR = tarOf([
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/motd', data: 'legacy base\n', mode: 0o644 },
  { name: 'bin/', type: 'directory', mode: 0o755 },
  { name: 'bin/hello', data: '#!/bin/sh\necho hello\n', mode: 0o755 },
]);
const TOP_TAR = tarOf([{ name: 'app/', type: 'directory', mode: 0o755 }, { name: 'app/run.sh', data: 'echo app\n', mode: 0o755 }]);

/** IDs of the chain of `chainFixture`: base ← env (empty layer) ← top. */
export const CHAIN = { base: v1Id('base'), env: v1Id('env'), top: v1Id('top') };

/**
 * The layers of a three-layer chain saved by "Docker 1.9.1" (no fallback re-marshalling): HTML-special
 * characters, a `+02:00` time with trailing zeros, a string Cmd, pretty-printed JSON with an
 * unknown key, and fields MakeConfigFromV1Config drops (id, parent, Size, parent_id, layer_id).
 */
export function chainLayers(): V1LayerSpec[] {
  const base = {
    id: CHAIN.base, created: '2016-01-02T03:04:05.123456789Z', container: 'c0ffee', docker_version: '1.9.1',
    author: 'Ann <ann@example.com>', comment: 'base & co', architecture: 'amd64', os: 'linux', Size: 1234,
    container_config: { Hostname: 'c0ffee', Cmd: ['/bin/sh', '-c', '#(nop) ADD file:0123 in /'], Env: null, Image: '' },
    config: { Hostname: 'c0ffee', Cmd: ['/bin/sh'], Env: ['PATH=/usr/bin:/bin'], Labels: { 'a<b': 'x&y' } },
  };
  const env = {
    id: CHAIN.env, parent: CHAIN.base, created: '2016-01-03T05:00:00.500000000+02:00', docker_version: '1.9.1',
    architecture: 'amd64', os: 'linux', parent_id: 'sha256:00', layer_id: 'sha256:11', throwaway: true,
    container_config: { Cmd: ['/bin/sh', '-c', '#(nop) ENV FOO=bar'] },
    config: { Cmd: ['/bin/sh'], Env: ['PATH=/usr/bin:/bin', 'FOO=bar'] },
  };
  const top = `{\n  "id": "${CHAIN.top}",\n  "parent": "${CHAIN.env}",\n  "created": "2016-01-04T00:00:00Z",\n`
    + '  "docker_version": "1.9.1", "architecture": "amd64", "os": "linux", "extra_field": [1, 2.50, {"k": "\\u00e9"}],\n'
    + '  "container_config": {"Cmd": "/bin/sh -c chmod +x /app/run.sh"},\n'
    + '  "config": {"Cmd": ["/app/run.sh"], "Env": ["PATH=/usr/bin:/bin", "FOO=bar"], "WorkingDir": "/app"}\n}\n';
  return [{ id: CHAIN.base, json: base, tar: BASE_TAR }, { id: CHAIN.env, json: env, tar: EMPTY_LAYER }, { id: CHAIN.top, json: top, tar: TOP_TAR }];
}

/** `chainLayers` as an archive, tagged legacy/app:1.0 and :latest (top) and legacy/base:v1. */
export function chainFixture(): Buffer {
  return legacyArchive(chainLayers(), { 'legacy/app': { '1.0': CHAIN.top, latest: CHAIN.top }, 'legacy/base': { v1: CHAIN.base } });
}

/** ID of the single layer of `fallbackFixture`. */
export const OLD = v1Id('old');

/**
 * A layer saved by "Docker 1.6.2": below 1.8.3 Docker re-marshals the JSON through its V1Image
 * struct (unknown keys dropped, Go field order, zero values written out or omitted by the struct's
 * tags). Exercises nil vs empty lists and maps, a null Cmd, omitempty fields and case-folded keys.
 */
export function fallbackLayer(): V1LayerSpec {
  const json = {
    id: OLD, created: '2015-06-01T10:00:00.000000001-07:30', docker_version: '1.6.2', architecture: 'amd64', os: 'linux',
    unknown_key: 'dropped', Size: 99, Author: 'case folded',
    container_config: { Cmd: null, Env: [], Volumes: { '/data': {} }, Labels: {}, Tty: true, Entrypoint: 'sh' },
    config: {
      User: 'nobody', ExposedPorts: { '80/tcp': {} }, Cmd: 'run', OnBuild: null, StopTimeout: 0, MacAddress: '',
      Healthcheck: { Test: ['CMD', 'true'], Interval: 30000000000, Retries: 0 }, Labels: { z: '1', a: '2' },
    },
  };
  return { id: OLD, json, tar: TOP_TAR };
}

/** `fallbackLayer` as an archive tagged legacy/old:1.6. */
export function fallbackFixture(): Buffer {
  return legacyArchive([fallbackLayer()], { 'legacy/old': { '1.6': OLD } });
}

/** Writes every fixture as `<dir>/<name>.tar`. */
export function writeFixtures(dir: string): void {
  writeFileSync(join(dir, 'chain.tar'), chainFixture());
  writeFileSync(join(dir, 'fallback.tar'), fallbackFixture());
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) writeFixtures(process.argv[2] ?? '.');
