import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnv, resolveCommand } from './create.js';
import { createWarnings } from './create-checks.js';

const image = { Entrypoint: ['echo', 'ep'], Cmd: ['cmd'] };
const run = (u: { Entrypoint?: string[] | null; Cmd?: string[] | null }) => resolveCommand({ Image: 'i', ...u }, image);

test('Entrypoint and Cmd merge as moby merges them (answers of Docker 20.10)', () => {
  assert.deepEqual(run({}), { entrypoint: ['echo', 'ep'], cmd: ['cmd'], argv: ['echo', 'ep', 'cmd'] });
  assert.deepEqual(run({ Cmd: ['x'] }), { entrypoint: ['echo', 'ep'], cmd: ['x'], argv: ['echo', 'ep', 'x'] });
  assert.deepEqual(run({ Entrypoint: [''], Cmd: ['a'] }), { entrypoint: null, cmd: ['a'], argv: ['a'] });
  assert.deepEqual(run({ Entrypoint: [] }), { entrypoint: [], cmd: ['cmd'], argv: ['cmd'] });
  assert.deepEqual(run({ Entrypoint: null, Cmd: [] }), { entrypoint: ['echo', 'ep'], cmd: ['cmd'], argv: ['echo', 'ep', 'cmd'] });
  assert.deepEqual(run({ Entrypoint: ['sh'] }), { entrypoint: ['sh'], cmd: null, argv: ['sh'] });
  assert.deepEqual(run({ Entrypoint: ['', 'x'] }), { entrypoint: ['', 'x'], cmd: null, argv: ['', 'x'] });
  assert.throws(() => run({ Entrypoint: [''] }), /^Error: No command specified$/);
});

test('Env: the user\'s as given, then the image\'s not overridden', () => {
  assert.deepEqual(mergeEnv(['A=img', 'B=img'], ['A=1', 'A=2', 'X']), ['A=1', 'A=2', 'X', 'B=img']);
  assert.deepEqual(mergeEnv(['A=img'], ['A']), ['A']);
  assert.deepEqual(mergeEnv(['A=img'], []), ['A=img']);
});

test('--oom-kill-disable warns without a memory limit, and is dropped where the host cannot do it', () => {
  assert.deepEqual(createWarnings({ OomKillDisable: true }, true).warnings,
    ['OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.']);
  assert.deepEqual(createWarnings({ OomKillDisable: true, Memory: 1 << 26 }, true).warnings, []);
  const v2 = createWarnings({ OomKillDisable: true }, false);
  assert.deepEqual([v2.warnings, v2.hostConfig.OomKillDisable], [['Your kernel does not support OomKillDisable. OomKillDisable discarded.'], false]);
});
