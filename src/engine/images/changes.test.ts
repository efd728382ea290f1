import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges } from './changes.js';
import { EngineError } from '../errors.js';

test('applyChanges applies Dockerfile-style changes in order', () => {
  const c = applyChanges({ Env: ['A=1'] }, [
    'CMD ["sh"]', 'ENTRYPOINT /bin/run -x', 'ENV A=2 B="x y"', 'ENV C 3', 'EXPOSE 80 53/udp',
    'LABEL a=b c="d e"', 'USER nobody', 'WORKDIR /w', 'VOLUME /data', 'STOPSIGNAL SIGINT',
  ]);
  assert.deepEqual(c.Cmd, ['sh']);
  assert.deepEqual(c.Entrypoint, ['/bin/sh', '-c', '/bin/run -x']);
  assert.deepEqual(c.Env, ['A=2', 'B=x y', 'C=3']);
  assert.deepEqual(c.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(c.Labels, { a: 'b', c: 'd e' });
  assert.equal(c.User, 'nobody');
  assert.equal(c.WorkingDir, '/w');
  assert.deepEqual(c.Volumes, { '/data': {} });
  assert.equal(c.StopSignal, 'SIGINT');
});

test('applyChanges rejects instructions Docker does not accept', () => {
  assert.throws(() => applyChanges({}, ['RUN echo']), (e: unknown) => e instanceof EngineError && e.code === 'INVALID_ARGUMENT' && e.message === 'run is not a valid change command');
});
