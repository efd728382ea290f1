/** Stored configs read as Docker reads them (Docker: inspect of the legacy chain fixture's images). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageConfig } from './config-read.js';

test('a string Cmd/Entrypoint reads as a list of one; times as Go writes them; the rest as stored', () => {
  const stored = {
    architecture: 'amd64', os: 'linux', created: '2016-01-03T05:00:00.500000000+02:00',
    config: { Cmd: '/app/run.sh', Entrypoint: null, Shell: ['sh'] }, container_config: { Cmd: '/bin/sh -c chmod +x /app/run.sh', Entrypoint: 'sh' },
    history: [{ created: '2016-01-01T1:00:00,25+00:00' }, { created: 'not a time' }], rootfs: { type: 'layers', diff_ids: [] },
  };
  const c = parseImageConfig(Buffer.from(JSON.stringify(stored)));
  assert.equal(c.created, '2016-01-03T05:00:00.5+02:00');
  assert.deepEqual([c.config?.Cmd, c.config?.Entrypoint, c.config?.Shell], [['/app/run.sh'], null, ['sh']]);
  assert.deepEqual([c.container_config?.Cmd, c.container_config?.Entrypoint], [['/bin/sh -c chmod +x /app/run.sh'], ['sh']]);
  assert.deepEqual(c.history?.map((h) => h.created), ['2016-01-01T01:00:00.25Z', 'not a time']);
});
